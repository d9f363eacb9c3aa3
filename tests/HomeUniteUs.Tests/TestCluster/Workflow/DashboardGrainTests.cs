using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;

namespace HomeUniteUs.Tests.TestCluster.Workflow;

/// <summary>
/// The dashboard projection on two silos with real storage. Users come from the user grain; the
/// tests reconcile after creating them, so that they do not depend on who notifies the dashboard
/// of new users.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class DashboardGrainTests(GrainCluster cluster)
{
    private readonly WorkflowGrains grains = new(cluster);

    private static Caller Admin => new(1, UserRoles.Admin);

    [Fact]
    public async Task A_guest_with_a_case_shows_its_status_coordinator_notes_and_last_change()
    {
        var coordinator = await grains.User(UserRoles.Coordinator, "Cora", "Ordinator");
        var guest = await grains.User(UserRoles.Guest, "Gus", "Guest");
        var host = await grains.User(UserRoles.Host, "Hal", "Host");
        await grains.Dashboard.Reconcile();
        await grains.Case(guest.Id).Open(coordinator.Id);
        var changed = await grains.Case(guest.Id).Update(new GuestCaseChange(null, GuestCaseStatus.Matched, "met the host"), Admin);

        var items = await grains.Items();

        Assert.Equal(new DashboardItem(guest.Id, guest.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Gus Guest", "Matched", "GUEST",
            "Cora Ordinator", UtcTimestamp.Format(changed.UpdatedAt), "met the host", "application"), items[guest.Id]);
        Assert.Equal(("HOST", "N/A", "N/A", UtcTimestamp.Format(host.UpdatedAt)), (items[host.Id].UserType, items[host.Id].CaseStatus, items[host.Id].CoordinatorName, items[host.Id].LastUpdated));
        Assert.Equal(("COORDINATOR", "N/A", "N/A"), (items[coordinator.Id].UserType, items[coordinator.Id].CaseStatus, items[coordinator.Id].CoordinatorName));
    }

    [Fact]
    public async Task Reassigning_a_case_moves_it_between_coordinators()
    {
        var first = await grains.User(UserRoles.Coordinator, "First", "Coordinator");
        var second = await grains.User(UserRoles.Coordinator, "Second", "Coordinator");
        var guest = await grains.User(UserRoles.Guest);
        await grains.Dashboard.Reconcile();
        await grains.Case(guest.Id).Open(first.Id);
        Assert.Equal("First Coordinator", (await grains.Items())[guest.Id].CoordinatorName);

        await grains.Case(guest.Id).Update(new GuestCaseChange(second.Id, null, null), Admin);

        Assert.Equal("Second Coordinator", (await grains.Items())[guest.Id].CoordinatorName);
    }

    [Fact]
    public async Task Repeated_and_reordered_notifications_do_no_harm()
    {
        var guest = await grains.User(UserRoles.Guest);
        await grains.Dashboard.Reconcile();
        var v1 = await grains.Case(guest.Id).Open(0);
        var v2 = await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "second"), Admin);
        var v3 = await grains.Case(guest.Id).Update(new GuestCaseChange(null, GuestCaseStatus.Closed, null), Admin);
        var before = await grains.Dashboard.Snapshot(null);

        await grains.Dashboard.CaseChanged(v3, guest.Id, 3);
        await grains.Dashboard.CaseChanged(v1, guest.Id, 1);
        await grains.Dashboard.CaseChanged(v2, guest.Id, 2);
        await grains.Dashboard.CaseChanged(null, guest.Id, 3);
        await grains.Dashboard.UserChanged(null, guest.Id, 1);

        var after = await grains.Dashboard.Snapshot(before.ETag);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Null(after.Document);
        Assert.Equal(("Closed", "second"), ((await grains.Items())[guest.Id].CaseStatus, (await grains.Items())[guest.Id].Notes));
    }

    [Fact]
    public async Task The_etag_changes_when_and_only_when_the_content_changes()
    {
        var guest = await grains.User(UserRoles.Guest);
        await grains.Dashboard.Reconcile();
        await grains.Case(guest.Id).Open(0);
        var first = await grains.Dashboard.Snapshot(null);
        Assert.Null((await grains.Dashboard.Snapshot(first.ETag)).Document);

        await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "a note"), Admin);
        var second = await grains.Dashboard.Snapshot(first.ETag);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.NotNull(second.Document);

        await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "a note"), Admin);
        await grains.Dashboard.Reconcile();
        Assert.Null((await grains.Dashboard.Snapshot(second.ETag)).Document);
    }

    [Fact]
    public async Task The_dashboard_is_identical_after_it_is_rebuilt_in_a_new_activation()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var guest = await grains.User(UserRoles.Guest);
        await grains.Dashboard.Reconcile();
        await grains.Case(guest.Id).Open(coordinator.Id);
        await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "kept"), Admin);
        var before = await grains.Dashboard.Snapshot(null);

        await cluster.Cluster.DeactivateAsync(grains.Dashboard);
        var after = await grains.Dashboard.Snapshot(null);

        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Document, after.Document);
    }

    [Fact]
    public async Task One_change_writes_the_same_few_rows_however_many_users_there_are()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var small = await Costs(coordinator);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            var guest = await grains.User(UserRoles.Guest);
            await grains.Case(guest.Id).Open(coordinator.Id);
        }));
        await grains.Dashboard.Reconcile();
        Assert.True((await grains.Items()).Count > 200);

        var large = await Costs(coordinator);

        // A case change: its own row once. A new guest with a case: the user row (created, then
        // activated) and the case row. The dashboard itself writes nothing.
        Assert.Equal((1L, 3L), small);
        Assert.Equal(small, large);
    }

    private async Task<(long CaseChange, long NewGuestWithCase)> Costs(UserView coordinator)
    {
        var guest = await grains.User(UserRoles.Guest);
        await grains.Case(guest.Id).Open(coordinator.Id);
        await grains.Dashboard.Snapshot(null);

        var before = await grains.RowWrites();
        await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, Guid.NewGuid().ToString()), Admin);
        await grains.Dashboard.Snapshot(null);
        var caseChange = await grains.RowWrites() - before;

        before = await grains.RowWrites();
        var newGuest = await grains.User(UserRoles.Guest);
        await grains.Case(newGuest.Id).Open(coordinator.Id);
        await grains.Dashboard.Snapshot(null);
        return (caseChange, await grains.RowWrites() - before);
    }
}
