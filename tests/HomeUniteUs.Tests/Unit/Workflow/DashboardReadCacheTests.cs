using System.Collections.Concurrent;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.WebGateway.Workflow;
using Microsoft.Extensions.Time.Testing;
using static HomeUniteUs.Tests.Infrastructure.Fakes;

namespace HomeUniteUs.Tests.Unit.Workflow;

/// <summary>
/// The dashboard's copies in the one read cache (docs/read-cache-coherence.md): one copy per view, and a change in one
/// org's view drops only the copies of the views that show it; a miss asks the grain whether its last document is still current.
/// </summary>
public sealed class DashboardReadCacheTests : IAsyncLifetime, IDisposable
{
    private static readonly MemberScope Admin = new(1, UserRoles.Admin, null, false);
    private static readonly ReachView CoordinatorOf7 = ReachView.Of(new MemberScope(2, UserRoles.Coordinator, 7, false), false, null);
    private static readonly ReachView CoordinatorOf8 = ReachView.Of(new MemberScope(3, UserRoles.Coordinator, 8, false), false, null);
    private static readonly ReachView AdminFilteredTo8 = ReachView.Of(Admin, true, 8);
    private static readonly ReachView[] Views = [CoordinatorOf7, CoordinatorOf8, AdminFilteredTo8, ReachView.Everyone];

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly ConcurrentQueue<(ReachView View, string? KnownETag)> asked = new();
    private readonly IGrainFactory grains;
    private readonly FakeHubLease held;
    private readonly DashboardReadCache dashboards;

    public DashboardReadCacheTests()
    {
        var hubActivation = Guid.NewGuid();
        grains = GrainsOf(ReadCacheHub(() => Task.FromResult(hubActivation)), Fake<ICoordinatorDashboardGrain>((method, args) =>
        {
            var (view, known) = ((ReachView)args![0]!, (string?)args[1]);
            asked.Enqueue((view, known));
            const string etag = "\"v1\"";
            return Task.FromResult(new DashboardSnapshot(etag, known == etag ? null : [(byte)'{', (byte)'}']));
        }));
        held = new FakeHubLease(grains, clock);
        dashboards = new DashboardReadCache(held.Lease, clock);
    }

    public Task InitializeAsync() => held.StartHeld();

    public Task DisposeAsync() => held.Stop();

    public void Dispose() => held.Dispose();

    [Fact]
    public async Task A_change_in_one_view_drops_only_the_copies_that_include_it()
    {
        Assert.Equal(Views, await AskedWhilePolling());
        Assert.Empty(await AskedWhilePolling());

        // Org 8 changed: its coordinators' view, the admin's filter to it and everyone's; not org 7's.
        dashboards.Changed(CachedRead.Dashboard, 8);
        Assert.Equal([CoordinatorOf8, AdminFilteredTo8, ReachView.Everyone], await AskedWhilePolling());

        // The pool changed: every coordinator's view (they reach the pool) and everyone's; not the admin's filter to org 8.
        dashboards.Changed(CachedRead.Dashboard, DashboardViews.Pool);
        Assert.Equal([CoordinatorOf7, CoordinatorOf8, ReachView.Everyone], await AskedWhilePolling());

        // A change of another kind of read is no change of the dashboard.
        dashboards.Changed(CachedRead.HousingOrg, 7);
        Assert.Empty(await AskedWhilePolling());
    }

    [Fact]
    public async Task A_dropped_view_is_validated_by_its_etag_and_the_document_crosses_only_when_it_changed()
    {
        var first = await dashboards.Current(CoordinatorOf7, grains);
        dashboards.Changed(CachedRead.Dashboard, 7);
        var again = await dashboards.Current(CoordinatorOf7, grains);

        Assert.Equal([(CoordinatorOf7, null), (CoordinatorOf7, "\"v1\"")], asked);
        Assert.Same(first, again);
    }

    [Fact]
    public async Task The_documents_kept_for_validation_are_bounded_and_a_forgotten_view_is_asked_in_full()
    {
        var filters = Enumerable.Range(1, DashboardReadCache.MaxReceived + 1).Select(org => ReachView.Of(Admin, true, org)).ToList();
        foreach (var filter in filters)
        {
            await dashboards.Current(filter, grains);
        }

        // Every view changed: the first was forgotten when the last one came (asked in full), the last is validated.
        dashboards.Changed(CachedRead.Dashboard, DashboardViews.Pool);
        foreach (var org in new long[] { 1, DashboardReadCache.MaxReceived + 1 })
        {
            dashboards.Changed(CachedRead.Dashboard, org);
        }

        asked.Clear();
        await dashboards.Current(filters[0], grains);
        await dashboards.Current(filters[^1], grains);

        Assert.Equal([(filters[0], null), (filters[^1], "\"v1\"")], asked);
    }

    /// <summary>Polls every view twice; the views the grain was asked about, in the order polled.</summary>
    private async Task<List<ReachView>> AskedWhilePolling()
    {
        asked.Clear();
        foreach (var view in Views.Concat(Views))
        {
            Assert.Equal("\"v1\"", (await dashboards.Current(view, grains)).ETag);
        }

        return [.. asked.Select(a => a.View)];
    }
}
