using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Workflow;
using HomeUniteUs.Tests.TestCluster.Workflow;

namespace HomeUniteUs.Tests.TestCluster.Tenancy;

/// <summary>
/// A case reassignment is written before the check that its new coordinator stayed in the guest's org (invariant 10).
/// A silo that dies between the two leaves the case marked unchecked in storage; these tests put such a case in storage
/// (as the crash leaves it: <c>Cluster/InterruptedReassignmentTests</c> makes one with <c>kill -9</c>) and show that
/// the case's next activation finishes the check.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class InterruptedReassignmentTests(GrainCluster cluster)
{
    private readonly TenancyGrains tenancy = new(cluster);
    private readonly WorkflowGrains workflow = new(cluster);

    [Fact]
    public async Task An_unchecked_reassignment_to_a_coordinator_who_left_the_guests_org_is_undone_when_the_case_activates()
    {
        var org = await tenancy.Org();
        var guest = await tenancy.Person(UserRoles.Guest);
        var previous = await tenancy.Person(UserRoles.Coordinator);
        var departed = await tenancy.Person(UserRoles.Coordinator, org);
        await Interrupted(guest.Id, to: departed.Id, from: previous.Id);

        var guestCase = await workflow.Case(guest.Id).Get();

        Assert.Equal(previous.Id, guestCase!.CoordinatorId);
        var stored = await workflow.StoredCase(guest.Id);
        Assert.Equal(previous.Id, stored.CoordinatorId);
        Assert.Null(stored.Unchecked);
    }

    [Fact]
    public async Task An_unchecked_reassignment_to_a_coordinator_who_stayed_is_kept_and_its_mark_cleared_when_the_case_activates()
    {
        var org = await tenancy.Org();
        var guest = await tenancy.Person(UserRoles.Guest, org);
        var previous = await tenancy.Person(UserRoles.Coordinator, org);
        var stayed = await tenancy.Person(UserRoles.Coordinator, org);
        await Interrupted(guest.Id, to: stayed.Id, from: previous.Id);

        var guestCase = await workflow.Case(guest.Id).Get();

        Assert.Equal(stayed.Id, guestCase!.CoordinatorId);
        var stored = await workflow.StoredCase(guest.Id);
        Assert.Equal(stayed.Id, stored.CoordinatorId);
        Assert.Null(stored.Unchecked);
    }

    [Fact]
    public async Task A_reassignment_that_passed_its_check_leaves_no_mark_in_storage()
    {
        var org = await tenancy.Org();
        var guest = await tenancy.Person(UserRoles.Guest, org);
        var first = await tenancy.Person(UserRoles.Coordinator, org);
        var second = await tenancy.Person(UserRoles.Coordinator, org);
        await workflow.Case(guest.Id).Open(first.Id);

        var changed = await workflow.Case(guest.Id).Update(new GuestCaseChange(second.Id, null, null), TenancyGrains.Admin);

        Assert.Equal(second.Id, changed.CoordinatorId);
        var stored = await workflow.StoredCase(guest.Id);
        Assert.Equal(second.Id, stored.CoordinatorId);
        Assert.Null(stored.Unchecked);
    }

    /// <summary>The case of a guest whose grain never ran, as a reassignment from <paramref name="from"/> to <paramref name="to"/> cut off before its check leaves it.</summary>
    private Task Interrupted(long guestId, long to, long from) =>
        workflow.WriteCaseBehindTheGrainsBack(guestId, state =>
        {
            var created = DateTimeOffset.UtcNow.AddDays(-1);
            state.GuestId = guestId;
            state.CoordinatorId = to;
            state.Status = GuestCaseStatus.InProgress;
            state.Notes = "before the crash";
            state.CreatedAt = created;
            state.UpdatedAt = DateTimeOffset.UtcNow;
            state.Exists = true;
            state.Version = 2;
            state.Unchecked = new UncheckedReassignment(from, GuestCaseStatus.InProgress, "before the crash", created, true);
        });
}
