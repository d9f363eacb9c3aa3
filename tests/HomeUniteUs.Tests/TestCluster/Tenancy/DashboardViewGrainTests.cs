using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Workflow;
using HomeUniteUs.Tests.TestCluster.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Tests.TestCluster.Tenancy;

/// <summary>The dashboard kept as one view per housing org plus the pool's (ARCHITECTURE.md "Programs at scale").</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class DashboardViewGrainTests(GrainCluster cluster)
{
    private static readonly Caller Admin = TenancyGrains.Admin;
    private readonly TenancyGrains tenancy = new(cluster);
    private readonly WorkflowGrains workflow = new(cluster);

    private IDashboardViewGrain View(long? org) => cluster.Grains.GetGrain<IDashboardViewGrain>(DashboardViews.KeyOf(org));

    private static ReachView AdminFilter(long? org) => ReachView.Of(new MemberScope(Admin.UserId, UserRoles.Admin, null, false), true, org);

    [Fact]
    public async Task A_change_in_one_org_leaves_the_other_views_etag()
    {
        var a = await tenancy.Org();
        var b = await tenancy.Org();
        var guestOfA = await tenancy.Person(UserRoles.Guest, a);
        var coordinatorOfB = await tenancy.Person(UserRoles.Coordinator, b);
        await tenancy.Person(UserRoles.Guest, b);
        var rowsOfA = await View(a).Rows(null);
        var rowsOfB = await View(b).Rows(null);
        var adminOfB = await workflow.Dashboard.SnapshotOf(AdminFilter(b), null);
        var coordinatorViewOfB = ReachView.Of(coordinatorOfB.Scope, false, null);
        var coordinatorOfBSees = await workflow.Dashboard.SnapshotOf(coordinatorViewOfB, null);
        var everyone = await workflow.Dashboard.Snapshot(null);

        await workflow.Case(guestOfA.Id).Update(new GuestCaseChange(null, null, "a change in A"), Admin);
        var hostOfA = await tenancy.Person(UserRoles.Host, a);

        var unchangedB = await View(b).Rows(rowsOfB.ETag);
        Assert.Equal((rowsOfB.ETag, (IReadOnlyList<DashboardItem>?)null), (unchangedB.ETag, unchangedB.Items));
        Assert.Null((await workflow.Dashboard.SnapshotOf(AdminFilter(b), adminOfB.ETag)).Document);
        Assert.Null((await workflow.Dashboard.SnapshotOf(coordinatorViewOfB, coordinatorOfBSees.ETag)).Document);

        var changedA = await View(a).Rows(rowsOfA.ETag);
        Assert.NotEqual(rowsOfA.ETag, changedA.ETag);
        Assert.Equal("a change in A", Assert.Single(changedA.Items!, i => i.Id == guestOfA.Id).Notes);
        Assert.Contains(changedA.Items!, i => i.Id == hostOfA.Id);
        var everyoneAfter = await workflow.Dashboard.Snapshot(everyone.ETag);
        Assert.NotNull(everyoneAfter.Document);
        Assert.Contains(WorkflowGrains.Parse(everyoneAfter.Document!), i => i.Id == hostOfA.Id && i.HousingOrgId == a);
    }

    [Fact]
    public async Task A_move_shows_the_person_in_the_new_view_by_the_next_read()
    {
        var a = await tenancy.Org();
        var b = await tenancy.Org();
        var coordinatorOfA = await tenancy.Person(UserRoles.Coordinator, a);
        var coordinatorOfB = await tenancy.Person(UserRoles.Coordinator, b);
        var guest = await tenancy.Person(UserRoles.Guest, a);
        await workflow.Case(guest.Id).Update(new GuestCaseChange(null, GuestCaseStatus.Closed, "kept by the view of A"), Admin);
        Assert.Contains((await View(a).Rows(null)).Items!, i => i.Id == guest.Id);

        await tenancy.User(guest.Id).ChangeMembership(Admin, new MembershipChange(b, null));

        Assert.DoesNotContain((await View(a).Rows(null)).Items!, i => i.Id == guest.Id);
        var arrived = Assert.Single((await View(b).Rows(null)).Items!, i => i.Id == guest.Id);
        Assert.Equal((b, GuestCaseStatus.Closed, "kept by the view of A"), (arrived.HousingOrgId, arrived.CaseStatus, arrived.Notes));
        var seenByA = WorkflowGrains.Parse((await workflow.Dashboard.SnapshotOf(ReachView.Of(coordinatorOfA.Scope, false, null), null)).Document!);
        var seenByB = WorkflowGrains.Parse((await workflow.Dashboard.SnapshotOf(ReachView.Of(coordinatorOfB.Scope, false, null), null)).Document!);
        Assert.DoesNotContain(seenByA, i => i.Id == guest.Id);
        Assert.Contains(seenByB, i => i.Id == guest.Id && i.Notes == "kept by the view of A");
        Assert.Equal(new[] { guest.Id, coordinatorOfB.Id }.Order(), (await workflow.Dashboard.Members(b)).Select(m => m.Id));
        Assert.Equal([coordinatorOfA.Id], (await workflow.Dashboard.Members(a)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_view_rebuilds_from_its_own_people_only()
    {
        var a = await tenancy.Org();
        var b = await tenancy.Org();
        var guestOfA = await tenancy.Person(UserRoles.Guest, a);
        var guestOfB = await tenancy.Person(UserRoles.Guest, b);
        await workflow.Case(guestOfA.Id).Update(new GuestCaseChange(null, null, "A's case"), Admin);
        await workflow.Case(guestOfB.Id).Update(new GuestCaseChange(null, null, "B's case"), Admin);

        var sources = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<DashboardSources>();
        var read = await sources.Read(a);
        Assert.Equal([guestOfA.Id], read.Users.Select(u => u.Id));
        Assert.Equal([guestOfA.Id], read.Cases.Select(c => c.Id));

        // A change nobody was told of is repaired by the view's own reconciliation; the other view stays as it was.
        var rowsOfB = await View(b).Rows(null);
        await workflow.WriteCaseBehindTheGrainsBack(guestOfA.Id, state =>
        {
            state.Notes = "written behind the grain's back";
            state.Version++;
        });
        await View(a).Reconcile();
        await View(b).Reconcile();
        Assert.Equal("written behind the grain's back", Assert.Single((await View(a).Rows(null)).Items!, i => i.Id == guestOfA.Id).Notes);
        Assert.Null((await View(b).Rows(rowsOfB.ETag)).Items);
    }

    [Fact]
    public async Task Stats_of_an_org_come_from_its_view_and_everyones_combine_the_views()
    {
        var a = await tenancy.Org();
        var b = await tenancy.Org();
        await tenancy.Person(UserRoles.Guest, a);
        await tenancy.Person(UserRoles.Host, a);
        await tenancy.Person(UserRoles.Guest, b);

        var ofA = await workflow.Dashboard.Stats(a);
        Assert.Equal((a, 1, 1), (ofA.HousingOrgId, ofA.Guests, ofA.Hosts));
        Assert.Equal(JsonSerializer.Serialize(ofA), JsonSerializer.Serialize((await View(a).Stats()).Stats));

        var all = await workflow.Dashboard.AllStats([a, b]);
        Assert.Equal(new long?[] { a, b, null }, all.ByOrg.Select(s => s.HousingOrgId));
        Assert.Equal((1, 1), (all.ByOrg[0].Guests, all.ByOrg[1].Guests));
        var pool = await View(null).Stats();
        Assert.Equal(JsonSerializer.Serialize(pool.Stats), JsonSerializer.Serialize(all.ByOrg[2]));
        Assert.Equal((2 + pool.Stats.Guests, 1 + pool.Stats.Hosts), (all.Everyone.Guests, all.Everyone.Hosts));
    }
}
