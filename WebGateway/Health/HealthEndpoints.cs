using System.Text.Json.Serialization;
using HomeUniteUs.Grains.Interfaces.Health;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

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

    private static async Task<Results<Ok<Readiness>, JsonHttpResult<Readiness>>> Ready(
        ClusterClientHost cluster, NpgsqlDataSource database, CognitoSigningKeys signingKeys, HttpContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = new Dictionary<string, string>
        {
            ["database"] = await Check(async () =>
            {
                await using var command = database.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(timeout.Token);
            }),
            ["cognito"] = await Check(() => signingKeys.Keys(timeout.Token)),
            ["cluster"] = cluster.IsConnected
                ? await Check(() => cluster.Grains.GetGrain<IHealthGrain>(0).Ping().WaitAsync(timeout.Token))
                : "unavailable: no silo has joined yet",
        };
        var ready = checks.Values.All(v => v == "ok");
        var body = new Readiness(ready ? "ready" : "unavailable", checks);
        if (ready)
        {
            return TypedResults.Ok(body);
        }

        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<string> Check(Func<Task> probe)
    {
        try
        {
            await probe();
            return "ok";
        }
        catch (Exception e)
        {
            return "unavailable: " + e.GetType().Name;
        }
    }
}

public sealed record Readiness(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, string> Checks);
