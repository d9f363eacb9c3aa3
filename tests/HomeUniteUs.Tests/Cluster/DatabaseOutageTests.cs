using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HomeUniteUs.Observability;
using HomeUniteUs.Tests.Infrastructure;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// PostgreSQL stops under mixed read/write load (its own server, so no other test notices):
/// every answer is 2xx or 503 with Retry-After, never a 500; every acknowledged write is
/// there afterwards and a refused one is there only if its commit reply was lost in the stop (whole, at most one per worker); the service recovers without a restart.
/// </summary>
public sealed class DatabaseOutageTests(DatabaseOutageTests.OwnDatabaseStack stack, ITestOutputHelper output) : IClassFixture<DatabaseOutageTests.OwnDatabaseStack>
{
    /// <summary>How long after PostgreSQL is back every route must work again.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    private sealed record Outcome(string Route, int Status, bool RetryAfter, string? Code);

    [Theory]
    [InlineData("fast")]
    [InlineData("immediate")]
    public async Task Stopping_the_database_under_load_answers_503_loses_nothing_and_recovers_without_restart(string shutdown)
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        var outcomes = new ConcurrentBag<Outcome>();
        var acknowledged = new ConcurrentDictionary<long, string>();
        var refused = new ConcurrentBag<string>();
        using var stopLoad = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(w => Load(w, admin, outcomes, acknowledged, refused, stopLoad.Token)).ToList();

        // Writes acknowledged before the outage (a cold stack on a busy machine may take a while for the first).
        var warmUp = Stopwatch.StartNew();
        while (acknowledged.Count < 3 && warmUp.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
        }

        Assert.NotEmpty(acknowledged);
        var processes = stack.Silos.Append(stack.Gateway).Distinct().ToList();
        var logsFrom = processes.Select(p => p.Output.Length).ToList();
        await ShellScript.Run("pg-down.sh", stack.PostgresDir, shutdown);
        await Task.Delay(TimeSpan.FromSeconds(4));
        using (var ready = await stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative)))
        {
            var body = await Error(ready, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.Contains("database", body.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
            Assert.Contains("database", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        await ShellScript.Run("pg-up.sh", stack.PostgresDir);
        var back = Stopwatch.StartNew();
        while (!await EveryRouteWorks(admin))
        {
            Assert.True(back.Elapsed < RecoveryBound, $"Not recovered {RecoveryBound.TotalSeconds} s after PostgreSQL returned.\n{Tail(stack.Silos[0].Output)}");
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var recovered = back.Elapsed;
        await stopLoad.CancelAsync();
        await Task.WhenAll(workers);
        output.WriteLine($"{shutdown}: {outcomes.Count} requests; " + string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))
            + $"; {acknowledged.Count} orgs acknowledged, {refused.Count} refused; every route worked {recovered.TotalSeconds:0.0} s after PostgreSQL was back");

        // The outage is in each process's log as a start (an error) and an end with a count, not as an error per
        // refused request (README, "Outages"). Orleans' own timers (the gateway list, membership) may add a few.
        await Task.Delay(OutageLog.Quiet);
        Assert.True(await EveryRouteWorks(admin));
        for (var p = 0; p < processes.Count; p++)
        {
            var (process, from) = (processes[p], logsFrom[p]);
            var ended = Stopwatch.StartNew();
            while (!process.Output[from..].Contains("is available again", StringComparison.Ordinal) && ended.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(100);
            }

            var lines = process.Output[from..].Split('\n');
            var errors = lines.Where(l => l.Contains("fail: ", StringComparison.Ordinal) || l.Contains("crit: ", StringComparison.Ordinal)).ToList();
            var ours = errors.Where(l => l.Contains(": HomeUniteUs.", StringComparison.Ordinal)).ToList();
            var end = lines.FirstOrDefault(l => l.Contains("is available again", StringComparison.Ordinal));
            output.WriteLine($"{process.Name}: {errors.Count} error lines in the outage ({ours.Count} ours); end: {end}");
            Assert.True(ours.Count <= 2 && errors.Count <= 10, $"{process.Name}: {errors.Count} error lines in one outage ({ours.Count} ours):\n" + string.Join("\n", errors.Take(20)));
            Assert.True(end is not null, $"{process.Name} did not log the end of the outage:\n{Tail(process.Output[from..])}");
        }

        var failures = outcomes.Where(o => o.Status != 503 && o.Status >= 500 || o.Status == 0).ToList();
        Assert.True(failures.Count == 0, "Not 2xx/4xx/503: " + string.Join(", ", failures.Take(20)));
        var unavailable = outcomes.Where(o => o.Status == 503).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, o => Assert.True(o.RetryAfter && o.Code == "SERVICE_UNAVAILABLE", o.ToString()));

        using var list = await stack.Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
        var stored = (await Json(list, HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(o => o.GetProperty("housing_org_id").GetInt64(), o => o.GetProperty("org_name").GetString());
        foreach (var (id, name) in acknowledged)
        {
            Assert.True(stored.TryGetValue(id, out var storedName) && storedName == name, $"Acknowledged org {id} '{name}' is lost");
            using var read = await stack.Http.GetAsync(new Uri($"/api/housing-orgs/{id}", UriKind.Relative));
            Assert.Equal(name, (await Json(read, HttpStatusCode.OK)).GetProperty("org_name").GetString());
        }

        // A commit whose reply is lost in the stop itself is answered 503 though it was applied (README, "Outages"):
        // at most one such write per worker is in flight at the stop, and each must be whole, never half-done.
        var appliedDespite503 = stored.Where(o => refused.Contains(o.Value)).ToList();
        Assert.True(appliedDespite503.Count <= Workers, $"{appliedDespite503.Count} refused orgs were stored");
        foreach (var (id, name) in appliedDespite503)
        {
            using var read = await stack.Http.GetAsync(new Uri($"/api/housing-orgs/{id}", UriKind.Relative));
            Assert.Equal(name, (await Json(read, HttpStatusCode.OK)).GetProperty("org_name").GetString());
        }
    }

    private const int Workers = 4;

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;

    private async Task<bool> EveryRouteWorks(string admin)
    {
        var name = "Recovered " + Guid.NewGuid().ToString("N")[..10];
        using var created = await Send(HttpMethod.Post, "/api/housing-orgs", admin, $$"""{"org_name":"{{name}}"}""");
        if (created.StatusCode != HttpStatusCode.Created)
        {
            return false;
        }

        var id = (await Json(created, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
        foreach (var path in new[] { $"/api/housing-orgs/{id}", "/api/housing-orgs", "/api/users/current", "/api/health/ready" })
        {
            using var response = await Send(HttpMethod.Get, path, admin);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
        }

        return true;
    }

    private async Task Load(int worker, string admin, ConcurrentBag<Outcome> outcomes, ConcurrentDictionary<long, string> acknowledged,
        ConcurrentBag<string> refused, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var known = acknowledged.Keys.ToList();
            var (route, method, path, body) = (i % 4, known.Count) switch
            {
                (0, _) or (_, 0) => ("create", HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"Load {{worker}}-{{i}} {{Guid.NewGuid():N}}"}"""),
                (1, _) => ("read", HttpMethod.Get, $"/api/housing-orgs/{known[Random.Shared.Next(known.Count)]}", null),
                (2, _) => ("list", HttpMethod.Get, "/api/housing-orgs", null),
                _ => ("current", HttpMethod.Get, "/api/users/current", null),
            };
            try
            {
                using var response = await Send(method, path, admin, body);
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                string? code = null;
                if (!response.IsSuccessStatusCode && text.StartsWith('{'))
                {
                    code = JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
                }

                outcomes.Add(new Outcome(route, (int)response.StatusCode, response.Headers.RetryAfter is not null, code));
                if (route == "create")
                {
                    var name = JsonDocument.Parse(body!).RootElement.GetProperty("org_name").GetString()!;
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[JsonDocument.Parse(text).RootElement.GetProperty("housing_org_id").GetInt64()] = name;
                    }
                    else
                    {
                        refused.Add(name);
                    }
                }
            }
            catch (HttpRequestException e)
            {
                outcomes.Add(new Outcome(route + " " + e.Message, 0, false, null));
            }
            catch (TaskCanceledException) when (!stop.IsCancellationRequested)
            {
                outcomes.Add(new Outcome(route + " timed out", 0, false, null));
            }
        }
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : JsonContent(json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await stack.Http.SendAsync(request);
    }

    /// <summary>A stack on a PostgreSQL server of its own, which the test stops and starts.</summary>
    public sealed class OwnDatabaseStack : ServiceStack
    {
        public string PostgresDir { get; } = Path.Combine(RepoPaths.Root, ".artifacts", "outage-pg-" + Guid.NewGuid().ToString("N")[..8]);

        protected override async Task ConfigureAsync(Dictionary<string, string> environment) =>
            environment["DATABASE_URL"] = (await ShellScript.Run("pg-up.sh", PostgresDir))["DATABASE_URL"];

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await ShellScript.Run("pg-down.sh", PostgresDir, "immediate");
            Directory.Delete(PostgresDir, recursive: true);
        }
    }
}
