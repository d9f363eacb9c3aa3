using System.Diagnostics;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Workflow;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>The silo that holds the dashboard view a coordinator reads (the pool's: they are unaffiliated) dies by SIGKILL; the other rebuilds it from storage.</summary>
public sealed class DashboardCrashTests(DashboardCrashTests.TwoSiloStack stack) : IClassFixture<DashboardCrashTests.TwoSiloStack>
{
    private const string PoolViewRebuilt = "Dashboard reconciled from storage (view 0)";
    private readonly WorkflowApi api = new(stack);

    [Fact]
    public async Task The_dashboard_is_identical_after_the_silo_holding_it_is_killed()
    {
        var coordinator = await api.Coordinator('a');
        for (var i = 0; i < 3; i++)
        {
            var guest = await api.Invite(coordinator);
            using var change = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", coordinator.AccessToken,
                $$"""{"notes":"before the crash {{i}}","status":"{{(i == 0 ? "Matched" : "In Progress")}}"}""");
            await Json(change, HttpStatusCode.OK);
        }

        var before = await api.Dashboard(coordinator.AccessToken);
        Assert.True(await await Task.WhenAny(stack.Silos.Select(s => s.Logged(PoolViewRebuilt))), "no silo logged the pool view's rebuild");
        var holder = stack.Silos.Single(s => s.Output.Contains(PoolViewRebuilt, StringComparison.Ordinal));
        var survivor = stack.Silos.Single(s => s != holder);
        await holder.Kill();

        var deadline = Stopwatch.StartNew();
        HttpResponseMessage? poll = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            poll?.Dispose();
            poll = await api.Send(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken);
            if (poll.StatusCode == HttpStatusCode.OK && survivor.Output.Contains(PoolViewRebuilt, StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(poll.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)poll.StatusCode}: {await poll.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }

        using (poll)
        {
            Assert.Equal(HttpStatusCode.OK, poll!.StatusCode);
            Assert.True(survivor.Output.Contains(PoolViewRebuilt, StringComparison.Ordinal), "the dashboard was not rebuilt on the surviving silo");
            Assert.Equal(before.Body, await poll.Content.ReadAsStringAsync());
            Assert.Equal(before.ETag, poll.Headers.ETag!.ToString());
        }

        using var notModified = await api.Send(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken, ifNoneMatch: before.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.False(survivor.HasExited);
    }

    public sealed class TwoSiloStack : ServiceStack
    {
        protected override int InitialSilos => 2;
    }
}
