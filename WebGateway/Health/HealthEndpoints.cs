namespace HomeUniteUs.WebGateway.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/api/health").WithTags("Health");
        health.MapGet("/", () => TypedResults.Json("UP")).Produces<HealthStatus>(StatusCodes.Status200OK);
        health.MapGet("/ready", Ready);
        return app;
    }

    /// <summary>200 with every check "ok", or 503 in the one error shape naming the failing dependencies (<c>items</c>), with every check (<c>checks</c>).</summary>
    private static async Task<Results<Ok<Readiness>, JsonHttpResult<ApiError>>> Ready(ReadinessProbe probe, HttpContext context)
    {
        var report = await probe.Current();
        if (report.Ready)
        {
            return TypedResults.Ok(new Readiness("ready", report.Checks));
        }

        var failing = report.Failing;
        var message = $"Not ready: {string.Join(", ", failing)} unavailable";
        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Json(
            new ApiError(ErrorCodes.ServiceUnavailable, message, StatusCodes.Status503ServiceUnavailable,
                new ApiErrorDetail(ErrorCodes.ServiceUnavailable, message), context.TraceIdentifier, Items: failing, Checks: report.Checks),
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
