using System.Text.Json.Serialization;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/api/health").WithTags("Health");
        health.MapGet("/", () => TypedResults.Json("UP"));
        health.MapGet("/ready", Ready);
        return app;
    }

    /// <summary>200 with every check "ok", or 503 in the one error shape naming the failing dependencies, with the checks.</summary>
    private static async Task<Results<Ok<Readiness>, JsonHttpResult<NotReady>>> Ready(ReadinessProbe probe, HttpContext context)
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
            new NotReady(ErrorCodes.ServiceUnavailable, message, StatusCodes.Status503ServiceUnavailable,
                new ApiErrorDetail(ErrorCodes.ServiceUnavailable, message), context.TraceIdentifier, failing, report.Checks),
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The one error shape, with the failing dependencies as <c>items</c> and every check.</summary>
public sealed record NotReady(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] ApiErrorDetail Detail,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("items")] IReadOnlyList<string> Items,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, string> Checks);
