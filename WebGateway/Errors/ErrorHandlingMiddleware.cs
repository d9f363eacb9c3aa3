using System.Text.RegularExpressions;
using Orleans.Runtime;

namespace HomeUniteUs.WebGateway.Errors;

/// <summary>
/// Turns every exception into the one error shape: domain errors keep their code, an
/// unreachable dependency is a 503, anything else a generic 500 whose details go only to the log.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var error = Translate(exception);
            if (error.Status >= 500)
            {
                logger.LogError(exception, "Request {RequestId} failed: {Code}", context.TraceIdentifier, error.Code);
            }

            context.Response.Clear();
            await ApiError.Write(context, error);
        }
    }

    public static HuuException Translate(Exception exception) => exception switch
    {
        HuuException domain => domain,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new HuuException(413, ErrorCodes.PayloadTooLarge, "The request body is too large"),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
            new HuuException(408, ErrorCodes.RequestTimeout, "The request body arrived too slowly"),
        BadHttpRequestException { InnerException: JsonException json } => HuuException.Validation(new FieldError(JsonPathField(json.Path), ValidationMessages.WrongType)),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => HuuException.Validation(BindingError(bad.Message)),
        BadHttpRequestException => HuuException.Validation(new FieldError("body", "The request could not be read")),
        OperationCanceledException => HuuException.Unavailable("The request timed out, please retry"),
        TimeoutException => HuuException.Unavailable("A service this request needs did not answer in time, please retry"),
        SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException =>
            HuuException.Unavailable("The service cluster is unavailable, please retry shortly"),
        NpgsqlException or System.Net.Sockets.SocketException or HttpRequestException =>
            HuuException.Unavailable(),
        OrleansException { InnerException: { } inner } => Translate(inner),
        // A silo older than the grain-boundary translation (or code below it) let a database exception escape:
        // Orleans cannot serialize it, and what arrives is the codec's complaint naming the type.
        Orleans.Serialization.SerializerException codec when NamesDatabase(codec.Message) => HuuException.Unavailable(),
        Orleans.Serialization.UnavailableExceptionFallbackException fallback when NamesDatabase(fallback.ExceptionType) => HuuException.Unavailable(),
        _ => new HuuException(500, ErrorCodes.Internal, "An unexpected error occurred"),
    };

    /// <summary>The JSON path of a serializer error as API.md's field: <c>$.responses[0].fieldId</c> → <c>responses[0].fieldId</c>; the root is "body".</summary>
    private static string JsonPathField(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body" + path.TrimStart('$');

    /// <summary>
    /// The framework's binding failures name the parameter in their message: a route id that is not an
    /// int ("Failed to bind parameter \"int id\" from \"abc\"") or a missing body.
    /// </summary>
    private static FieldError BindingError(string message) =>
        BoundParameter().Match(message) is { Success: true } bound
            ? new FieldError(bound.Groups["name"].Value, ValidationMessages.PositiveInteger)
            : new FieldError("body", ValidationMessages.Required);

    [GeneratedRegex("^Failed to bind parameter \"\\S+ (?<name>\\w+)\" from")]
    private static partial Regex BoundParameter();

    private static bool NamesDatabase(string? text) =>
        text is not null && (text.Contains("Npgsql", StringComparison.Ordinal) || text.Contains("PostgresException", StringComparison.Ordinal));
}
