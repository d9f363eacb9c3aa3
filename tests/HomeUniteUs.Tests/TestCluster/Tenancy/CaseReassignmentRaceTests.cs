using System.Globalization;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Tests.TestCluster.Workflow;
using Xunit.Abstractions;

namespace HomeUniteUs.Tests.TestCluster.Tenancy;

/// <summary>
/// Invariants 9 and 10 under races on the two-silo test cluster (issue 19): a membership move and a case
/// reassignment started together never leave a case coordinated from outside its guest's org, whichever
/// of the two the move is about (the guest, or the coordinator the case goes to).
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class CaseReassignmentRaceTests(GrainCluster cluster, ITestOutputHelper output)
{
    private const int Rounds = 10;
    private const int RacesPerRound = 6;

    private readonly TenancyGrains tenancy = new(cluster);
    private readonly WorkflowGrains workflow = new(cluster);

    [Fact]
    public async Task A_guests_move_racing_the_reassignment_of_their_case_never_leaves_it_coordinated_from_outside_their_org()
    {
        var org = await tenancy.Org();

        // An unaffiliated guest with an unassigned case: free to move into the org, and their case free to go
        // to an unaffiliated coordinator; one of the two may happen, never both.
        await AssertNoCaseAcrossOrgs(await Races(org, async () =>
        {
            var guest = await tenancy.Person(UserRoles.Guest);
            var poolCoordinator = await tenancy.Person(UserRoles.Coordinator);
            return (guest.Id, poolCoordinator.Id, guest.Id);
        }));
    }

    [Fact]
    public async Task A_coordinators_move_racing_a_case_given_to_them_never_leaves_it_coordinated_from_outside_its_guests_org()
    {
        var org = await tenancy.Org();

        // A coordinator of the org without cases (free to leave it) and a guest of the org with an unassigned
        // case (free to go to that coordinator); one of the two may happen, never both.
        await AssertNoCaseAcrossOrgs(await Races(null, async () =>
        {
            var guest = await tenancy.Person(UserRoles.Guest, org);
            var coordinator = await tenancy.Person(UserRoles.Coordinator, org);
            return (guest.Id, coordinator.Id, coordinator.Id);
        }));
    }

    /// <summary>Rounds of races, each on people <paramref name="people"/> makes (the guest gets an unassigned case), the mover moving to <paramref name="org"/>.</summary>
    private async Task<List<RaceOutcome>> Races(long? org, Func<Task<(long Guest, long Coordinator, long Mover)>> people)
    {
        var outcomes = new List<RaceOutcome>();
        for (var round = 0; round < Rounds; round++)
        {
            var races = await Task.WhenAll(Enumerable.Range(0, RacesPerRound).Select(async _ =>
            {
                var race = await people();
                await workflow.Case(race.Guest).Open(0);
                return race;
            }));

            // Each race's move and reassignment start together; the races run alongside each other too.
            outcomes.AddRange(await Task.WhenAll(races.Select(r => Race(r.Guest, r.Coordinator, r.Mover, org))));
        }

        return outcomes;
    }

    /// <summary>The admin moves <paramref name="moverId"/> to <paramref name="org"/> while assigning the guest's case to the coordinator.</summary>
    private async Task<RaceOutcome> Race(long guestId, long coordinatorId, long moverId, long? org)
    {
        var reassignment = Attempt(() => workflow.Case(guestId).Update(new GuestCaseChange(coordinatorId, null, null), TenancyGrains.Admin));
        var move = Attempt(() => tenancy.User(moverId).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null)));
        await Task.WhenAll(reassignment, move);
        return new RaceOutcome(guestId, coordinatorId, (await reassignment).Error, (await move).Error);
    }

    private async Task AssertNoCaseAcrossOrgs(List<RaceOutcome> outcomes)
    {
        var violations = new List<string>();
        foreach (var outcome in outcomes)
        {
            var guestCase = (await workflow.Case(outcome.GuestId).Get())!;
            var guest = (await tenancy.User(outcome.GuestId).Get())!;
            var coordinator = (await tenancy.User(outcome.CoordinatorId).Get())!;
            output.WriteLine($"guest {outcome.GuestId} (org {Org(guest)}), coordinator {outcome.CoordinatorId} (org {Org(coordinator)}): "
                + $"reassignment {outcome.ReassignmentError ?? "done"}, move {outcome.MoveError ?? "done"}; the case's coordinator is {guestCase.CoordinatorId}");

            // The loser is refused because of the winner, never for nothing.
            Assert.True(outcome.ReassignmentError is null || outcome.MoveError is null,
                $"neither the reassignment ({outcome.ReassignmentError}) nor the move ({outcome.MoveError}) of guest {outcome.GuestId}'s race succeeded");
            if (guestCase.CoordinatorId == coordinator.Id && coordinator.HousingOrgId != guest.HousingOrgId)
            {
                violations.Add($"guest {guest.Id} (org {Org(guest)}) is coordinated by {coordinator.Id} (org {Org(coordinator)})");
            }
        }

        Assert.True(violations.Count == 0, $"{violations.Count} of {outcomes.Count} races left a case coordinated from outside its guest's org:\n" + string.Join("\n", violations));
    }

    private static string Org(UserView user) => user.HousingOrgId?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <summary>The call's refusal as "status code", or null when it succeeded; a refusal other than 409/422 fails the test.</summary>
    private static async Task<(bool Done, string? Error)> Attempt<T>(Func<Task<T>> action)
    {
        try
        {
            await action();
            return (true, null);
        }
        catch (HuuException e) when (e.Status is 409 or 422)
        {
            return (false, $"{e.Status} {e.Code}: {e.Message}");
        }
    }

    private sealed record RaceOutcome(long GuestId, long CoordinatorId, string? ReassignmentError, string? MoveError);
}
