using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace HomeUniteUs.WebGateway.Errors;

/// <summary>
/// Turns every exception into the one error shape, as ASP.NET Core's exception handler (UseExceptionHandler) asks:
/// domain errors keep their code, an unreachable dependency is a 503 (<c>OUTCOME_UNKNOWN</c> for a write whose
/// fate the gateway could not learn), anything else a generic 500 whose details go only to the log. A 500 is
/// logged per request; 503s are an outage, logged when they start and when they end (<see cref="GatewayOutage"/>)
/// and counted (<see cref="GatewayMetrics.Refused"/>).
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger, GatewayOutage outage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = await AllBadFields(httpContext, exception) ?? Translate(exception, httpContext.Request.Method);
        if (error.Status == StatusCodes.Status503ServiceUnavailable)
        {
            GatewayMetrics.Refused(error.Code);
            outage.Refused(exception);
        }
        else if (error.Status >= 500)
        {
            logger.LogError(exception, "Request {RequestId} failed: {Code}", httpContext.TraceIdentifier, error.Code);
        }

        await ApiError.Write(httpContext, error);
        return true;
    }

    /// <summary>
    /// A body the serializer refused at its first value of the wrong type: every bad field of it (<see cref="BodyFieldErrors"/>),
    /// or null to answer as <see cref="Translate"/> does (other failures, or when the fields cannot be told apart).
    /// </summary>
    private async Task<HuuException?> AllBadFields(HttpContext context, Exception exception)
    {
        if (exception is not BadHttpRequestException { InnerException: JsonException })
        {
            return null;
        }

        try
        {
            return await BodyFieldErrors.Of(context) is { Count: > 0 } errors ? HuuException.Validation(errors) : null;
        }
        catch (Exception unexpected) when (unexpected is JsonException or InvalidOperationException or NotSupportedException or IOException)
        {
            logger.LogDebug(unexpected, "The fields of a refused body could not be listed; answering with the first");
            return null;
        }
    }

    /// <summary>
    /// The error <paramref name="exception"/> means for a request of <paramref name="method"/>. A silo that died
    /// mid-call, a timeout or a cancelled call leaves a write's fate unknown: <c>OUTCOME_UNKNOWN</c> (a retry
    /// with the same Idempotency-Key resolves it); for a read it is a plain 503. A 503 from a grain (the database
    /// is down) was decided before anything was applied and keeps its code.
    /// </summary>
    public static HuuException Translate(Exception exception, string method) => exception switch
    {
        HuuException domain => domain,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new HuuException(ErrorKind.TooLarge, ErrorCodes.PayloadTooLarge, "The request body is too large"),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
            new HuuException(ErrorKind.RequestTimeout, ErrorCodes.RequestTimeout, "The request body arrived too slowly"),
        BadHttpRequestException { InnerException: JsonException json } when MissingProperties(json.Message) is { Count: > 0 } missing =>
            HuuException.Validation([.. missing.Select(name => new FieldError(name, ValidationMessages.Required))]),
        BadHttpRequestException { InnerException: JsonException json } => HuuException.Validation(new FieldError(JsonPathField(json.Path), ValidationMessages.WrongType)),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => HuuException.Validation(BindingError(bad.Message)),
        BadHttpRequestException => HuuException.Validation(new FieldError("body", "The request could not be read")),
        OperationCanceledException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException
            when !IsSafe(method) => HuuException.OutcomeUnknown(),
        OperationCanceledException => HuuException.Unavailable("The request timed out, please retry"),
        TimeoutException => HuuException.Unavailable("A service this request needs did not answer in time, please retry"),
        SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException =>
            HuuException.Unavailable("The service cluster is unavailable, please retry shortly"),
        NpgsqlException or System.Net.Sockets.SocketException or HttpRequestException =>
            HuuException.Unavailable(),
        OrleansException { InnerException: { } inner } => Translate(inner, method),
        // No database exception crosses a grain call: the silo's DatabaseOutageFilter (calls) and OutageAwareGrainStorage
        // (activations) send HuuException.Dependency instead, recognised above by its type and code.
        _ => new HuuException(ErrorKind.Failed, ErrorCodes.Internal, "An unexpected error occurred"),
    };

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

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

    /// <summary>The properties a body left out that its type requires to be present (<c>[JsonRequired]</c>, even when they may be null).</summary>
    private static List<string> MissingProperties(string message) =>
        message.Contains("missing required properties", StringComparison.Ordinal)
            ? [.. QuotedName().Matches(message[message.IndexOf("missing required properties", StringComparison.Ordinal)..]).Select(m => m.Groups["name"].Value)]
            : [];

    [GeneratedRegex("'(?<name>[A-Za-z_][A-Za-z0-9_]*)'")]
    private static partial Regex QuotedName();
}
