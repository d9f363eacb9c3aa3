using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Workflow;

namespace HomeUniteUs.Tests.TestCluster.Workflow;

[Collection(GrainClusterCollection.Name)]
public sealed class GuestCaseGrainTests(GrainCluster cluster)
{
    private readonly WorkflowGrains grains = new(cluster);

    private static Caller AdminCaller => new(1, UserRoles.Admin);

    private static Caller As(UserView user) => new(user.Id, user.Role);

    [Fact]
    public async Task Open_is_idempotent_and_starts_in_progress_with_no_notes()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var guest = await grains.User(UserRoles.Guest);

        var opened = await grains.Case(guest.Id).Open(coordinator.Id);
        var again = await grains.Case(guest.Id).Open(coordinator.Id + 1);

        Assert.Equal(opened, again);
        Assert.Equal(new GuestCase(guest.Id, coordinator.Id, "In Progress", "", opened.CreatedAt, opened.CreatedAt), opened);
        Assert.Equal(opened, await grains.Case(guest.Id).Get());
    }

    [Fact]
    public async Task The_cases_coordinator_and_an_admin_may_change_it_and_nobody_else()
    {
        var owner = await grains.User(UserRoles.Coordinator);
        var other = await grains.User(UserRoles.Coordinator);
        var host = await grains.User(UserRoles.Host);
        var guest = await grains.User(UserRoles.Guest);
        await grains.Case(guest.Id).Open(owner.Id);

        foreach (var caller in new[] { As(other), As(host), As(guest) })
        {
            var refused = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "no"), caller));
            Assert.Equal((403, ErrorCodes.Forbidden), (refused.Status, refused.Code));
        }

        Assert.Equal("by owner", (await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "by owner"), As(owner))).Notes);
        Assert.Equal("by admin", (await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "by admin"), AdminCaller)).Notes);
    }

    [Fact]
    public async Task Reassigning_moves_the_right_to_change_the_case_and_stamps_it()
    {
        var first = await grains.User(UserRoles.Coordinator);
        var second = await grains.User(UserRoles.Coordinator);
        var guest = await grains.User(UserRoles.Guest);
        var opened = await grains.Case(guest.Id).Open(first.Id);

        var moved = await grains.Case(guest.Id).Update(new GuestCaseChange(second.Id, GuestCaseStatus.Matched, "handed over"), As(first));

        Assert.Equal((second.Id, "Matched", "handed over"), (moved.CoordinatorId, moved.Status, moved.Notes));
        Assert.Equal(opened.CreatedAt, moved.CreatedAt);
        Assert.True(moved.UpdatedAt > opened.UpdatedAt);
        var handedOver = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "mine?"), As(first)));
        Assert.Equal((403, ErrorCodes.Forbidden), (handedOver.Status, handedOver.Code));
        Assert.Equal("Closed", (await grains.Case(guest.Id).Update(new GuestCaseChange(null, GuestCaseStatus.Closed, null), As(second))).Status);
    }

    [Fact]
    public async Task Bad_changes_are_422_naming_each_field_and_change_nothing()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var host = await grains.User(UserRoles.Host);
        var guest = await grains.User(UserRoles.Guest);
        var opened = await grains.Case(guest.Id).Open(coordinator.Id);

        var all = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(
            new GuestCaseChange(host.Id, "Pending", new string('x', 2001)), AdminCaller));
        Assert.Equal((422, ErrorCodes.Validation), (all.Status, all.Code));
        Assert.Equal(["coordinatorId", "notes", "status"], all.Errors!.Select(e => e.Field).Order());
        Assert.Contains("not a coordinator", all.Errors!.Single(e => e.Field == "coordinatorId").Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(new GuestCaseChange(guest.Id + 1, null, null), AdminCaller));
        Assert.Equal("coordinatorId", Assert.Single(unknown.Errors!).Field);

        var admin = await grains.User(UserRoles.Admin);
        var notCoordinator = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(new GuestCaseChange(admin.Id, null, null), AdminCaller));
        Assert.Equal("coordinatorId", Assert.Single(notCoordinator.Errors!).Field);

        Assert.Equal(opened, await grains.Case(guest.Id).Get());
        Assert.Equal(2000, (await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, new string('x', 2000)), AdminCaller)).Notes.Length);
    }

    [Fact]
    public async Task A_change_that_changes_nothing_writes_nothing()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var guest = await grains.User(UserRoles.Guest);
        await grains.Case(guest.Id).Open(coordinator.Id);
        var changed = await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "same"), AdminCaller);

        var writes = await grains.RowWrites();
        var again = await grains.Case(guest.Id).Update(new GuestCaseChange(coordinator.Id, GuestCaseStatus.InProgress, "same"), As(coordinator));

        Assert.Equal(changed, again);
        Assert.Equal(writes, await grains.RowWrites());
    }

    [Fact]
    public async Task A_case_of_someone_who_is_not_a_guest_does_not_exist()
    {
        var host = await grains.User(UserRoles.Host);
        var nobody = Random.Shared.NextInt64(1_000_000, 1_000_000_000_000);
        foreach (var id in new[] { host.Id, nobody })
        {
            Assert.Null(await grains.Case(id).Get());
            var missing = await Assert.ThrowsAsync<HuuException>(() => grains.Case(id).Update(new GuestCaseChange(null, null, "x"), AdminCaller));
            Assert.Equal((404, ErrorCodes.NotFound), (missing.Status, missing.Code));
            Assert.False(await grains.Case(id).Delete());
        }
    }

    [Fact]
    public async Task No_coordinator_takes_a_guest_without_a_case_only_an_admin_opens_it()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var other = await grains.User(UserRoles.Coordinator);
        var guest = await grains.User(UserRoles.Guest);

        foreach (var change in new[] { new GuestCaseChange(null, null, "first contact"), new GuestCaseChange(coordinator.Id, null, null), new GuestCaseChange(other.Id, null, null) })
        {
            var refused = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(change, As(coordinator)));
            Assert.Equal((403, ErrorCodes.Forbidden), (refused.Status, refused.Code));
        }

        Assert.Null(await grains.Case(guest.Id).Get());

        var opened = await grains.Case(guest.Id).Update(new GuestCaseChange(coordinator.Id, null, "first contact"), AdminCaller);
        Assert.Equal((coordinator.Id, "In Progress", "first contact"), (opened.CoordinatorId, opened.Status, opened.Notes));
        Assert.Equal(opened.CreatedAt, opened.UpdatedAt);
        Assert.Equal(opened, await grains.Case(guest.Id).Get());

        var late = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(new GuestCaseChange(other.Id, null, null), As(other)));
        Assert.Equal((403, ErrorCodes.Forbidden), (late.Status, late.Code));
    }

    [Fact]
    public async Task An_unassigned_case_is_assigned_by_an_admin_and_taken_by_no_coordinator()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var assigned = await grains.User(UserRoles.Coordinator);
        var guest = await grains.User(UserRoles.Guest);
        var unassigned = await grains.Case(guest.Id).Open(0);

        foreach (var change in new[] { new GuestCaseChange(coordinator.Id, GuestCaseStatus.Matched, null), new GuestCaseChange(null, null, "mine"), new GuestCaseChange(assigned.Id, null, null) })
        {
            var refused = await Assert.ThrowsAsync<HuuException>(() => grains.Case(guest.Id).Update(change, As(coordinator)));
            Assert.Equal((403, ErrorCodes.Forbidden), (refused.Status, refused.Code));
        }

        Assert.Equal(unassigned, await grains.Case(guest.Id).Get());
        Assert.Equal(assigned.Id, (await grains.Case(guest.Id).Update(new GuestCaseChange(assigned.Id, null, null), AdminCaller)).CoordinatorId);
        Assert.Equal("by the assigned coordinator", (await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "by the assigned coordinator"), As(assigned))).Notes);
    }

    [Fact]
    public async Task A_deleted_case_is_gone_and_a_new_one_can_be_opened()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var guest = await grains.User(UserRoles.Guest);
        await grains.Case(guest.Id).Open(coordinator.Id);
        await grains.Case(guest.Id).Update(new GuestCaseChange(null, null, "private"), AdminCaller);

        Assert.True(await grains.Case(guest.Id).Delete());
        Assert.Null(await grains.Case(guest.Id).Get());
        Assert.False(await grains.Case(guest.Id).Delete());
        await grains.Dashboard.Reconcile();
        Assert.Equal(("N/A", "Unassigned", ""), Row((await grains.Items())[guest.Id]));

        var reopened = await grains.Case(guest.Id).Open(coordinator.Id);
        Assert.Equal("", reopened.Notes);
        Assert.Equal(("In Progress", coordinator.FullName, ""), Row((await grains.Items())[guest.Id]));
    }

    [Fact]
    public async Task The_caseload_names_the_guests_a_coordinator_owns()
    {
        var coordinator = await grains.User(UserRoles.Coordinator);
        var other = await grains.User(UserRoles.Coordinator);
        var guests = new[] { await grains.User(UserRoles.Guest), await grains.User(UserRoles.Guest), await grains.User(UserRoles.Guest) };
        foreach (var guest in guests)
        {
            await grains.Case(guest.Id).Open(coordinator.Id);
        }

        var caseload = cluster.Grains.GetGrain<ICoordinatorCaseloadGrain>(coordinator.Id);
        Assert.Equal(guests.OrderBy(g => g.Id).Select(g => $"{g.Email} (#{g.Id})"), await caseload.OwnedCases());

        await grains.Case(guests[0].Id).Update(new GuestCaseChange(other.Id, null, null), AdminCaller);
        await grains.Case(guests[1].Id).Delete();
        Assert.Equal([$"{guests[2].Email} (#{guests[2].Id})"], await caseload.OwnedCases());
        Assert.Equal([$"{guests[0].Email} (#{guests[0].Id})"], await cluster.Grains.GetGrain<ICoordinatorCaseloadGrain>(other.Id).OwnedCases());
        Assert.Empty(await cluster.Grains.GetGrain<ICoordinatorCaseloadGrain>(guests[0].Id).OwnedCases());
    }

    private static (string Status, string Coordinator, string Notes) Row(DashboardItem item) => (item.CaseStatus, item.CoordinatorName, item.Notes);
}
