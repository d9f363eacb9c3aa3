using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Tests.TestCluster.Matches;
using HomeUniteUs.Tests.TestCluster.Workflow;

namespace HomeUniteUs.Tests.TestCluster.Tenancy;

/// <summary>Membership moves in the user grain: who may, what holds a person, and where the change shows.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class MembershipGrainTests(GrainCluster cluster)
{
    private readonly TenancyGrains tenancy = new(cluster);
    private readonly WorkflowGrains workflow = new(cluster);
    private readonly MatchPeople matches = new(cluster);

    [Fact]
    public async Task A_coordinator_takes_a_guest_from_the_pool_and_the_lead_moves_them_out_again()
    {
        var org = await tenancy.Org();
        var coordinator = await tenancy.Person(UserRoles.Coordinator, org);
        var lead = await tenancy.Person(UserRoles.Coordinator, org, lead: true);
        var guest = await tenancy.Person(UserRoles.Guest);

        var taken = await tenancy.User(guest.Id).ChangeMembership(TenancyGrains.As(coordinator), new MembershipChange(org, null));
        Assert.Equal((org, false), (taken.HousingOrgId, taken.Lead));

        var refused = await Assert.ThrowsAsync<HuuException>(() =>
            tenancy.User(guest.Id).ChangeMembership(TenancyGrains.As(coordinator), new MembershipChange(null, null)));
        Assert.Equal((403, ErrorCodes.Forbidden), (refused.Status, refused.Code));

        var released = await tenancy.User(guest.Id).ChangeMembership(TenancyGrains.As(lead), new MembershipChange(null, null));
        Assert.Null(released.HousingOrgId);
        Assert.Null((await tenancy.User(guest.Id).Get())!.HousingOrgId);
    }

    [Fact]
    public async Task A_person_outside_the_callers_reach_is_404_and_an_unknown_org_is_422()
    {
        var x = await tenancy.Org();
        var y = await tenancy.Org();
        var leadOfX = await tenancy.Person(UserRoles.Coordinator, x, lead: true);
        var guestOfY = await tenancy.Person(UserRoles.Guest, y);
        var poolGuest = await tenancy.Person(UserRoles.Guest);

        var outside = await Assert.ThrowsAsync<HuuException>(() =>
            tenancy.User(guestOfY.Id).ChangeMembership(TenancyGrains.As(leadOfX), new MembershipChange(x, null)));
        Assert.Equal((404, ErrorCodes.NotFound), (outside.Status, outside.Code));
        Assert.False(await tenancy.User(guestOfY.Id).ReachedBy(TenancyGrains.As(leadOfX)));
        Assert.True(await tenancy.User(poolGuest.Id).ReachedBy(TenancyGrains.As(leadOfX)));

        var unknown = await Assert.ThrowsAsync<HuuException>(() =>
            tenancy.User(poolGuest.Id).ChangeMembership(TenancyGrains.Admin, new MembershipChange(int.MaxValue, null)));
        Assert.Equal(("housingOrgId", 422), (unknown.Errors!.Single().Field, unknown.Status));
        Assert.Null((await tenancy.User(poolGuest.Id).Get())!.HousingOrgId);
    }

    [Fact]
    public async Task A_guests_case_coordinated_from_outside_the_new_org_holds_the_guest()
    {
        var org = await tenancy.Org();
        var poolCoordinator = await tenancy.Person(UserRoles.Coordinator);
        var guest = await tenancy.Person(UserRoles.Guest);
        await workflow.Case(guest.Id).Open(poolCoordinator.Id);

        var held = await Assert.ThrowsAsync<HuuException>(() =>
            tenancy.User(guest.Id).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null)));
        Assert.Equal((409, ErrorCodes.Conflict), (held.Status, held.Code));
        Assert.Contains($"#{poolCoordinator.Id}", Assert.Single(held.Items!), StringComparison.Ordinal);

        // A coordinator who still coordinates cases does not leave their org either.
        var coordinatorHeld = await Assert.ThrowsAsync<HuuException>(() =>
            tenancy.User(poolCoordinator.Id).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null)));
        Assert.Equal(409, coordinatorHeld.Status);
        Assert.Contains($"#{guest.Id}", Assert.Single(coordinatorHeld.Items!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_in_an_active_match_stays_where_they_are()
    {
        var org = await tenancy.Org();
        var coordinator = await matches.Coordinator();
        var guest = await matches.ReadyGuest(coordinator);
        var host = await matches.ReadyHost();
        var match = await matches.Matchmaking.Propose(MatchPeople.Admin, guest.UserId, host.UserId);

        var held = await Assert.ThrowsAsync<HuuException>(() =>
            tenancy.User(host.UserId).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null)));
        Assert.Equal(409, held.Status);
        Assert.Contains($"#{match.Id}", Assert.Single(held.Items!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_goes_only_to_a_coordinator_of_the_guests_org_and_the_lead_reassigns_like_an_admin()
    {
        var org = await tenancy.Org();
        var first = await tenancy.Person(UserRoles.Coordinator, org);
        var second = await tenancy.Person(UserRoles.Coordinator, org);
        var lead = await tenancy.Person(UserRoles.Coordinator, org, lead: true);
        var outsider = await tenancy.Person(UserRoles.Coordinator);
        var guest = await tenancy.Person(UserRoles.Guest, org);
        await workflow.Case(guest.Id).Open(first.Id);

        var wrongOrg = await Assert.ThrowsAsync<HuuException>(() =>
            workflow.Case(guest.Id).Update(new GuestCaseChange(outsider.Id, null, null), TenancyGrains.Admin));
        Assert.Equal(("coordinatorId", 422), (wrongOrg.Errors!.Single().Field, wrongOrg.Status));

        var byLead = await workflow.Case(guest.Id).Update(new GuestCaseChange(second.Id, null, null), TenancyGrains.As(lead));
        Assert.Equal(second.Id, byLead.CoordinatorId);
    }

    [Fact]
    public async Task Proposals_stay_inside_one_org_and_candidates_come_from_the_guests_org()
    {
        var org = await tenancy.Org();
        var coordinator = await matches.Coordinator();
        var guest = await matches.ReadyGuest(coordinator);
        var poolHost = await matches.ReadyHost();
        var orgHost = await matches.ReadyHost();
        await tenancy.User(orgHost.UserId).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null));

        var candidates = await matches.Matchmaking.Candidates(MatchPeople.Admin, guest.UserId);
        Assert.Contains(candidates, c => c.Host.Id == poolHost.UserId);
        Assert.DoesNotContain(candidates, c => c.Host.Id == orgHost.UserId);

        var across = await Assert.ThrowsAsync<HuuException>(() => matches.Matchmaking.Propose(MatchPeople.Admin, guest.UserId, orgHost.UserId));
        Assert.Equal((409, "The guest and the host belong to different housing orgs"), (across.Status, across.Message));
    }

    [Fact]
    public async Task Each_view_of_the_dashboard_has_its_own_etag_and_a_move_shows_in_the_next_read()
    {
        var x = await tenancy.Org();
        var y = await tenancy.Org();
        var coordinatorOfX = await tenancy.Person(UserRoles.Coordinator, x);
        var coordinatorOfY = await tenancy.Person(UserRoles.Coordinator, y);
        var guestOfY = await tenancy.Person(UserRoles.Guest, y);
        var viewOfX = ReachView.Of(coordinatorOfX.Scope, false, null);
        var viewOfY = ReachView.Of(coordinatorOfY.Scope, false, null);
        var xBefore = await workflow.Dashboard.SnapshotOf(viewOfX, null);
        var yBefore = await workflow.Dashboard.SnapshotOf(viewOfY, null);
        Assert.DoesNotContain(WorkflowGrains.Parse(xBefore.Document!), i => i.Id == guestOfY.Id);
        Assert.Equal(y, Assert.Single(WorkflowGrains.Parse(yBefore.Document!), i => i.Id == guestOfY.Id).HousingOrgId);

        await tenancy.Person(UserRoles.Guest, y);
        Assert.NotEqual(yBefore.ETag, (await workflow.Dashboard.SnapshotOf(viewOfY, yBefore.ETag)).ETag);
        Assert.Null((await workflow.Dashboard.SnapshotOf(viewOfX, xBefore.ETag)).Document);

        await tenancy.User(guestOfY.Id).ChangeMembership(TenancyGrains.Admin, new MembershipChange(x, null));
        var xAfter = await workflow.Dashboard.SnapshotOf(viewOfX, xBefore.ETag);
        Assert.Contains(WorkflowGrains.Parse(xAfter.Document!), i => i.Id == guestOfY.Id && i.HousingOrgId == x);
        Assert.DoesNotContain(WorkflowGrains.Parse((await workflow.Dashboard.SnapshotOf(viewOfY, null)).Document!), i => i.Id == guestOfY.Id);
    }

    [Fact]
    public async Task The_members_of_an_org_are_found_without_reading_every_user()
    {
        var org = await tenancy.Org();
        var guest = await tenancy.Person(UserRoles.Guest, org);
        var coordinator = await tenancy.Person(UserRoles.Coordinator, org, lead: true);
        await tenancy.Person(UserRoles.Guest);

        var members = await workflow.Dashboard.Members(org);
        Assert.Equal(new[] { guest.Id, coordinator.Id }.Order(), members.Select(m => m.Id));
    }
}
