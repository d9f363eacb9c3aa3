using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>
/// Gives every request an id (a caller's plain X-Request-ID of at most 64 characters is kept),
/// echoes it in the response header and logs one line per request with its final status, which
/// also ends an outage (<see cref="GatewayOutage"/>). Query strings are never logged: the invite
/// link carries a password in its query.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger, GatewayOutage outage)
{
    public const string Header = "X-Request-ID";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = PlainToken().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            context.Response.Headers[Header] = context.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            outage.Ended(context.Response.StatusCode);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("{Method} {Path} {Status} {ElapsedMs:0.0}ms {RequestId}",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex PlainToken();
}
