using HomeUniteUs.Grains.Interfaces.Health;

namespace HomeUniteUs.WebGateway.Health;

/// <summary>
/// Whether the gateway can serve: the database answers, Cognito serves the pool's key set, and
/// a silo has finished starting. One evaluation at a time, its result reused for
/// <see cref="Lifetime"/>: a load balancer polling hard costs at most one query, one JWKS fetch
/// and one grain call per period. Failures are named by dependency, never by exception type. A gateway that is
/// stopping is not ready from the first moment (check "gateway"), whatever its dependencies say.
/// </summary>
public sealed class ReadinessProbe(
    ClusterClientHost cluster, NpgsqlDataSource database, IHttpClientFactory http, HuuSettings settings, TimeProvider clock, GracefulShutdown shutdown)
{
    private static readonly Task<ReadinessReport> Stopping =
        Task.FromResult(new ReadinessReport(new Dictionary<string, string> { ["gateway"] = "unavailable: shutting down" }));

    public const string HttpClientName = "readiness";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(4);
    private readonly Lock gate = new();
    private Task<ReadinessReport>? latest;
    private DateTimeOffset latestAt;

    /// <summary>The latest report, evaluated afresh once it is older than <see cref="Lifetime"/>.</summary>
    public Task<ReadinessReport> Current()
    {
        if (shutdown.IsStopping)
        {
            return Stopping;
        }

        lock (gate)
        {
            if (latest is null || (latest.IsCompleted && clock.GetUtcNow() - latestAt >= Lifetime))
            {
                latest = Evaluate();
            }

            return latest;
        }
    }

    private async Task<ReadinessReport> Evaluate()
    {
        try
        {
            using var timeout = new CancellationTokenSource(CheckTimeout, clock);
            var checks = await Task.WhenAll(
                Check("database", () => Database(timeout.Token)),
                Check("cognito", () => Cognito(timeout.Token)),
                Check("cluster", () => Cluster(timeout.Token)));
            return new ReadinessReport(checks.ToDictionary(c => c.Name, c => c.Result));
        }
        finally
        {
            lock (gate)
            {
                latestAt = clock.GetUtcNow();
            }
        }
    }

    private async Task<string?> Database(CancellationToken cancellationToken)
    {
        // A pooled connection from before a database restart is dead: drop them all and ask once more.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var command = database.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return null;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException && attempt == 0 && !cancellationToken.IsCancellationRequested)
            {
                database.Clear();
            }
        }
    }

    private async Task<string?> Cognito(CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient(HttpClientName).GetAsync(settings.JwksUri, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return $"answered HTTP {(int)response.StatusCode}";
        }

        var keys = new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken));
        return keys.Keys.Count > 0 ? null : "no signing keys";
    }

    private async Task<string?> Cluster(CancellationToken cancellationToken)
    {
        if (!cluster.IsConnected)
        {
            return "no silo has joined yet";
        }

        // A ping that met a silo leaving the cluster (a rolling restart) is asked once more: the other silos
        // serve, and every gateway reporting not-ready at once would leave a load balancer with none.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await cluster.Grains.GetGrain<IHealthGrain>(0).Ping().WaitAsync(cancellationToken);
                return null;
            }
            catch (Exception e) when (attempt == 0 && ClusterRetryMiddleware.SiloLeft(e) is not null)
            {
            }
        }
    }

    private static async Task<(string Name, string Result)> Check(string name, Func<Task<string?>> probe)
    {
        try
        {
            return (name, await probe() is { } problem ? "unavailable: " + problem : ReadinessReport.Ok);
        }
        catch (OperationCanceledException)
        {
            return (name, $"unavailable: no answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is Grains.Interfaces.Errors.HuuException { Status: 503 })
        {
            return (name, "unavailable: still starting");
        }
        catch (Exception)
        {
            return (name, "unavailable: not reachable");
        }
    }
}

/// <summary>The checks by dependency: "ok" or "unavailable: why".</summary>
public sealed record ReadinessReport(IReadOnlyDictionary<string, string> Checks)
{
    public const string Ok = "ok";

    public bool Ready => Checks.Values.All(v => v == Ok);

    public IReadOnlyList<string> Failing => [.. Checks.Where(c => c.Value != Ok).Select(c => c.Key)];
}

public sealed record Readiness(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, string> Checks);
