namespace HomeUniteUs.WebGateway.Http;

/// <summary>
/// Request binding and validation are the framework's: bodies bind to request records (strings trimmed),
/// route ids to typed parameters, .NET's minimal-API validation checks the records' attributes. Every way
/// that can fail ends in the one error shape: validation problems through <see cref="ApiProblemWriter"/>,
/// binding and JSON errors (thrown, <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) through
/// <see cref="ApiExceptionHandler"/>, JSON the parser cannot represent through <see cref="JsonShapeMiddleware"/>.
/// </summary>
public static class GatewayValidation
{
    public static IServiceCollection AddGatewayValidation(this IServiceCollection services)
    {
        services.AddValidation();

        // Before AddProblemDetails, so it is the writer the problem details service picks.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddProblemDetails();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new TrimmedStringConverter());
            // JSON of the wrong type is a 422: "7" is not a number (the web defaults would read it as one).
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        return services;
    }
}
