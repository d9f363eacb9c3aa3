using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// The silo hosting the read-cache hub dies by SIGKILL while housing-org renames stream through gateway A;
/// after every acknowledged rename, the next read through gateway B (which cached each name just before)
/// shows it. The case that matters most is a kill while the registry that makes the renames lives on: the
/// test kills the hub's silo in rounds until that happened (or MaxRounds: when the hub and the registry
/// share a silo, both die and come back elsewhere, still under the same rule). Orleans usually places a new hub at the
/// registry's first failed report, so a report that fails every try (the writer then waits out the leases,
/// <c>ReadCacheNotificationsTests</c>) is rare here; the rounds say how many reports were missed.
/// </summary>
public sealed partial class ReadCacheHubCrashTests(ReadCacheHubCrashTests.ThreeSiloStack stack) : IClassFixture<ReadCacheHubCrashTests.ThreeSiloStack>
{
    private const string HubActive = "Read-cache hub active on this silo";
    private const string RegistryActive = "Housing-org registry active on this silo";
    private const int Orgs = 6;
    private const int MaxRounds = 6;

    [Fact]
    public async Task A_hub_crash_delays_acknowledgements_but_never_skips_one_so_the_other_gateway_shows_every_acknowledged_write()
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        var writer = new Writer(stack, admin);
        await writer.CreateOrgs();

        var happened = false;
        var rounds = new List<string>();
        for (var round = 1; round <= MaxRounds && !happened; round++)
        {
            // Gateway B caches every name it is shown; the hub and the registry are active somewhere.
            var warm = writer.Acknowledged + (Orgs * 2);
            await writer.Stream(() => writer.Acknowledged >= warm, TimeSpan.FromSeconds(90));
            var hub = await Host(HubActive, TimeSpan.FromSeconds(10));
            var registry = await Host(RegistryActive, TimeSpan.FromSeconds(10));
            var missedBefore = MissedReports(registry.Output);
            var killedAt = -1;
            var start = writer.Acknowledged;
            var streaming = writer.Stream(() => Volatile.Read(ref killedAt) >= 0 && writer.Acknowledged >= killedAt + (Orgs * 2), TimeSpan.FromSeconds(90));
            while (writer.Acknowledged < start + Orgs && !streaming.IsCompleted)
            {
                await Task.Delay(10);
            }

            await hub.Kill();
            Volatile.Write(ref killedAt, writer.Acknowledged);
            await streaming;
            happened = hub != registry && !registry.HasExited;
            rounds.Add(hub == registry
                ? $"hub and registry both on {hub.Name}: killed after {killedAt - start} writes, {writer.Acknowledged - killedAt} writes acknowledged after the kill"
                : $"hub on {hub.Name} killed after {killedAt - start} writes, registry on {registry.Name}: {MissedReports(registry.Output) - missedBefore} reports missed, {writer.Acknowledged - killedAt} writes acknowledged after the kill");
            if (!happened)
            {
                stack.StartSilo();
                await Host(HubActive, TimeSpan.FromSeconds(60));
            }
        }

        // Every round killed the hub's silo while renames streamed. Orleans usually brings the hub back next to
        // the registry, so a round where the registry outlives the hub (the finding's exact case) is not
        // guaranteed within MaxRounds: the rounds below say which happened; the rule is checked in all of them.
        Assert.True(writer.Stale.IsEmpty, $"Gateway B served an older name after an acknowledged write ({writer.Acknowledged} acknowledged):\n{string.Join("\n", writer.Stale.Take(20))}\n{string.Join("\n", rounds)}");
        Assert.True(writer.Acknowledged > 0, "No write was acknowledged");
    }

    /// <summary>The live silo whose log says it activated <paramref name="grain"/> (activations move only when their silo dies).</summary>
    private async Task<ServiceProcess> Host(string grain, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var hosts = stack.Silos.Where(silo => !silo.HasExited && silo.Output.Contains(grain, StringComparison.Ordinal)).ToList();
            if (hosts.Count == 1)
            {
                return hosts[0];
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Could not tell which silo hosts '{grain}' within {timeout}");
        throw new UnreachableException();
    }

    private static int MissedReports(string log) => MissedReport().Count(log);

    [GeneratedRegex("missed the change of HousingOrg")]
    private static partial Regex MissedReport();

    /// <summary>
    /// Renames orgs through gateway A in <see cref="Lanes"/> concurrent lanes (each its own orgs, in turn; the registry
    /// takes them one at a time, so it is nearly always busy, its report to the hub included); after each 200 the lane
    /// reads that org and the list through gateway B.
    /// </summary>
    private sealed class Writer(ThreeSiloStack stack, string admin)
    {
        private const int Lanes = 3;
        private readonly List<long> ids = [];
        private int acknowledged;

        public int Acknowledged => Volatile.Read(ref acknowledged);

        public System.Collections.Concurrent.ConcurrentQueue<string> Stale { get; } = new();

        public async Task CreateOrgs()
        {
            for (var i = 0; i < Orgs; i++)
            {
                using var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin, JsonContent($$"""{"org_name":"Hub crash org {{i}} {{Guid.NewGuid():N}}"}"""));
                using var response = await stack.Http.SendAsync(request);
                ids.Add((await Json(response, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64());
            }
        }

        /// <summary>Writes until <paramref name="done"/> (writes answered otherwise than 200, e.g. 503, are not acknowledged).</summary>
        public Task Stream(Func<bool> done, TimeSpan timeout) =>
            Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => Lane(lane, done, timeout)));

        private async Task Lane(int lane, Func<bool> done, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            var refused = new List<string>();
            for (var write = 0; !done(); write++)
            {
                Assert.True(clock.Elapsed < timeout, $"Still writing after {timeout} ({Acknowledged} acknowledged); last refusals: {string.Join(", ", refused.TakeLast(10))}");
                var org = lane + (Lanes * (write % (Orgs / Lanes)));
                var name = $"Hub crash org {org} write {write} {Guid.NewGuid():N}";
                using var request = ServiceStack.Request(HttpMethod.Put, $"/api/housing-orgs/{ids[org]}", admin, JsonContent($$"""{"org_name":"{{name}}"}"""));
                using var response = await stack.Http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    refused.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                }

                await Check(ids[org], name);
                Interlocked.Increment(ref acknowledged);
            }
        }

        /// <summary>The very next reads through B: a 200 must show <paramref name="name"/> (a refusal shows nothing old).</summary>
        private async Task Check(long id, string name)
        {
            using (var byId = await stack.Other.GetAsync(new Uri($"/api/housing-orgs/{id}", UriKind.Relative)))
            {
                if (byId.StatusCode == HttpStatusCode.OK && (await Json(byId, HttpStatusCode.OK)).GetProperty("org_name").GetString() is var shown && shown != name)
                {
                    Stale.Enqueue($"org {id}: '{shown}' after '{name}' was acknowledged");
                }
            }

            using var list = await stack.Other.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
            if (list.StatusCode == HttpStatusCode.OK)
            {
                var listed = (await Json(list, HttpStatusCode.OK)).EnumerateArray()
                    .FirstOrDefault(org => org.GetProperty("housing_org_id").GetInt64() == id).GetProperty("org_name").GetString();
                if (listed != name)
                {
                    Stale.Enqueue($"list, org {id}: '{listed}' after '{name}' was acknowledged");
                }
            }
        }
    }

    /// <summary>Three silos, gateway A (<see cref="ServiceStack.Http"/>) and gateway B (<see cref="Other"/>).</summary>
    public sealed class ThreeSiloStack : ServiceStack
    {
        private ServiceProcess? second;

        public HttpClient Other { get; private set; } = null!;

        protected override int InitialSilos => 3;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var port = FreePort.Next();
            var environment = new Dictionary<string, string>(Environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
            second = ServiceProcess.Start("gateway2", RepoPaths.GatewayDll, environment);
            Other = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.True(await AnswersReady(Other, TimeSpan.FromSeconds(180)), "The second gateway never became ready\n" + second.Output);
        }

        public override async Task DisposeAsync()
        {
            Other?.Dispose();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await base.DisposeAsync();
        }
    }
}
