using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HomeUniteUs.Tests.Infrastructure;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// A request for an id that does not exist leaves nothing behind (API.md, "Errors"). On a real silo and
/// gateway: 40,000 public GETs of distinct unknown housing-org ids create no activation and no read-cache
/// copy, and unknown ids on the authenticated GET-by-id routes (and the writes that answer 404 for them)
/// leave no activation once answered. Counted with the silo's Orleans metrics and the gateway's
/// read-cache gauge; the RSS of both processes is reported.
/// </summary>
public sealed partial class UnknownIdTests(UnknownIdTests.MeteredStack stack, ITestOutputHelper output) : IClassFixture<UnknownIdTests.MeteredStack>
{
    private const int UnknownOrgs = 40_000;
    private const int PerRoute = 500;
    private const int Concurrency = 32;

    /// <summary>Far above any id the test database hands out: every id from here up is unknown.</summary>
    private const long FirstUnknown = 1_000_000_000;

    /// <summary>Growth that is not proportional to the requests (a few grains of the stack's own).</summary>
    private const double Slack = 100;

    [Fact]
    public async Task Distinct_unknown_ids_leave_no_activation_and_no_read_cache_copy()
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        await Drive(200, i => ServiceStack.Request(HttpMethod.Get, $"/api/housing-orgs/{FirstUnknown - 1 - i}"));
        var before = await Measure();

        var clock = Stopwatch.StartNew();
        var orgs = await Drive(UnknownOrgs, i => ServiceStack.Request(HttpMethod.Get, $"/api/housing-orgs/{FirstUnknown + i}"));
        var elapsed = clock.Elapsed;
        var afterOrgs = await Measure();
        output.WriteLine($"{UnknownOrgs} GETs of unknown org ids in {elapsed.TotalSeconds:0.0} s ({UnknownOrgs / elapsed.TotalSeconds:0} req/s): {Describe(orgs)}");
        output.WriteLine($"before: {before}\nafter:  {afterOrgs}");
        Assert.Equal(UnknownOrgs, orgs.GetValueOrDefault(404));
        Assert.True(afterOrgs.Created - before.Created < Slack, $"{afterOrgs.Created - before.Created} activations created for {UnknownOrgs} unknown org ids");
        Assert.True(afterOrgs.Activations - before.Activations < Slack, $"{afterOrgs.Activations - before.Activations} more activations after {UnknownOrgs} unknown org ids");
        Assert.True(afterOrgs.Copies <= before.Copies, $"the read caches hold {afterOrgs.Copies - before.Copies} more copies");

        // The authenticated routes: each id once, none of them known. An unknown id may activate a grain for
        // its call (it has to look), but the activation does not outlive the answer.
        var routes = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, "/api/coordinator/cases/{0}", null),
            (HttpMethod.Put, "/api/coordinator/cases/{0}", """{"notes":"unknown"}"""),
            (HttpMethod.Get, "/api/matches/{0}", null),
            (HttpMethod.Get, "/api/journeys/{0}", null),
            (HttpMethod.Get, "/api/intake-profile/{0}", null),
            (HttpMethod.Get, "/api/intake-profile/form/{0}", null),
            (HttpMethod.Delete, "/api/users/{0}", null),
            (HttpMethod.Delete, "/api/housing-orgs/{0}", null),
        };
        var next = FirstUnknown + UnknownOrgs;
        foreach (var (method, path, body) in routes)
        {
            var first = next;
            var answered = await Drive(PerRoute, i => ServiceStack.Request(method, string.Format(CultureInfo.InvariantCulture, path, first + i), admin,
                body is null ? null : JsonContent(body)));
            next += PerRoute;
            output.WriteLine($"{method} {path}: {Describe(answered)}");
            Assert.True(answered.Keys.All(status => status is >= 400 and < 500), $"{method} {path}: {Describe(answered)}");
        }

        // Deactivation follows each answer; give the silo a bounded moment to finish the last of them.
        var afterRoutes = await Measure();
        for (var wait = Stopwatch.StartNew(); afterRoutes.Activations - before.Activations >= Slack && wait.Elapsed < TimeSpan.FromSeconds(20);)
        {
            await Task.Delay(500);
            afterRoutes = await Measure();
        }

        output.WriteLine($"after {routes.Length} x {PerRoute} authenticated unknown ids: {afterRoutes}");
        Assert.True(afterRoutes.Activations - before.Activations < Slack,
            $"{afterRoutes.Activations - before.Activations} more activations after {routes.Length * PerRoute} unknown ids on the authenticated routes");
        Assert.True(afterRoutes.Copies <= before.Copies, $"the read caches hold {afterRoutes.Copies - before.Copies} more copies");
    }

    private static string Describe(IReadOnlyDictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

    private async Task<Dictionary<int, int>> Drive(int count, Func<int, HttpRequestMessage> request)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, cancel) =>
        {
            using var message = request(i);
            using var response = await stack.Http.SendAsync(message, cancel);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        });
        return new Dictionary<int, int>(statuses);
    }

    private sealed record Measurement(double Activations, double Created, double Copies, long SiloRssMb, long GatewayRssMb)
    {
        public override string ToString() =>
            $"silo activations {Activations}, created so far {Created}, silo RSS {SiloRssMb} MB; gateway read-cache copies {Copies}, gateway RSS {GatewayRssMb} MB";
    }

    private async Task<Measurement> Measure()
    {
        // The exporters answer from a scrape cache (300 ms): wait it out so the numbers are this moment's.
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var http = new HttpClient();
        var silo = await http.GetStringAsync(new Uri($"http://127.0.0.1:{stack.SiloMetricsPort}/metrics"));
        var gateway = await stack.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return new Measurement(Sum(silo, "orleans_catalog_activations"), Sum(silo, "orleans_catalog_activation_created_total"),
            Sum(gateway, "huu_gateway_read_cache_copies"), RssMb(stack.Silos[0].Id), RssMb(stack.Gateway.Id));
    }

    /// <summary>The sum of a Prometheus series over its labels (the series must be there).</summary>
    private static double Sum(string scrape, string name)
    {
        var values = Series().Matches(scrape).Where(m => m.Groups["name"].Value == name)
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Count > 0, $"no {name} in the scrape");
        return values.Sum();
    }

    private static long RssMb(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024;

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>[0-9.eE+-]+)")]
    private static partial Regex Series();

    /// <summary>A stack whose silo serves its metrics on a port of its own.</summary>
    public sealed class MeteredStack : ServiceStack
    {
        public int SiloMetricsPort { get; } = FreePort.Next();

        protected override void Configure(Dictionary<string, string> environment) =>
            environment["HUU_METRICS_PORT"] = SiloMetricsPort.ToString(CultureInfo.InvariantCulture);
    }
}
