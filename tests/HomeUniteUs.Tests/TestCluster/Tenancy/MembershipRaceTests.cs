using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Tests.TestCluster.Matches;
using Xunit.Abstractions;

namespace HomeUniteUs.Tests.TestCluster.Tenancy;

/// <summary>
/// Invariant 9 under races on the two-silo test cluster: a host's move to another org and a proposal
/// of that host, started together, never both succeed, so no active match spans two orgs.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class MembershipRaceTests(GrainCluster cluster, ITestOutputHelper output)
{
    private const int Rounds = 12;
    private const int PairsPerRound = 6;

    private readonly TenancyGrains tenancy = new(cluster);
    private readonly MatchPeople people = new(cluster);

    [Fact]
    public async Task A_move_racing_a_proposal_of_the_same_host_never_leaves_an_active_match_across_two_orgs()
    {
        var org = await tenancy.Org();
        var coordinator = await people.Coordinator();
        var outcomes = new List<RaceOutcome>();
        for (var round = 0; round < Rounds; round++)
        {
            var pairs = await Task.WhenAll(Enumerable.Range(0, PairsPerRound).Select(async _ =>
                (Guest: await people.ReadyGuest(coordinator), Host: await people.ReadyHost())));

            // Each pair's proposal and the host's move start together; the pairs race each other too.
            outcomes.AddRange(await Task.WhenAll(pairs.Select(pair => Race(coordinator, pair.Guest.UserId, pair.Host.UserId, org))));
        }

        var violations = outcomes.Where(o => o.Proposed is not null && o.Moved).ToList();
        foreach (var outcome in outcomes)
        {
            output.WriteLine($"guest {outcome.GuestId} host {outcome.HostId}: proposal {outcome.Proposed?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? outcome.ProposalError}, move {(outcome.Moved ? "done" : outcome.MoveError)}");
        }

        Assert.True(violations.Count == 0, $"{violations.Count} of {outcomes.Count} races left an active match across two orgs");
        foreach (var outcome in outcomes)
        {
            // Exactly one of the two wins: the loser was refused (409) because of the winner, never for nothing.
            Assert.True(outcome.Proposed is not null || outcome.Moved, $"neither the proposal ({outcome.ProposalError}) nor the move ({outcome.MoveError}) of host {outcome.HostId} succeeded");
            await AssertNoActiveMatchAcrossOrgs(outcome.GuestId, outcome.HostId);
        }
    }

    [Fact]
    public async Task A_hold_left_by_a_move_that_no_longer_runs_gives_way_to_a_proposal_and_to_the_next_move()
    {
        var org = await tenancy.Org();
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();

        // What a silo killed mid-move leaves behind: a hold of a move no activation runs.
        var stale = new MembershipHold(Guid.NewGuid(), org, DateTimeOffset.UtcNow);
        Assert.Null(await people.Slot(guest.UserId).Hold(stale));
        Assert.False(await tenancy.User(guest.UserId).Moving(stale.Id));
        Assert.Equal(new SlotClaim(null, stale.Id), await people.Slot(guest.UserId).Reserve(-1));

        var match = await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId);
        Assert.Equal(match.Id, await people.Slot(guest.UserId).Holder());
        Assert.Null(await people.Slot(guest.UserId).Move());
        await people.Match(match.Id).End(coordinator, "the test is done with it");

        var hostHold = new MembershipHold(Guid.NewGuid(), null, DateTimeOffset.UtcNow);
        Assert.Null(await people.Slot(host.UserId).Hold(hostHold));
        var moved = await tenancy.User(host.UserId).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null));
        Assert.Equal(org, moved.HousingOrgId);
        Assert.Null(await people.Slot(host.UserId).Move());
        Assert.Null(await people.Slot(host.UserId).Holder());
    }

    [Fact]
    public async Task A_move_refused_by_an_active_match_leaves_no_hold_and_the_match_stands()
    {
        var org = await tenancy.Org();
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var match = await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId);

        var refused = await Assert.ThrowsAsync<HuuException>(() => tenancy.User(host.UserId).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null)));
        Assert.Equal((409, ErrorCodes.Conflict), (refused.Status, refused.Code));
        Assert.Null(await people.Slot(host.UserId).Move());
        Assert.Equal(match.Id, await people.Slot(host.UserId).Holder());
        Assert.Null((await tenancy.User(host.UserId).Get())!.HousingOrgId);
    }

    private async Task<RaceOutcome> Race(Caller coordinator, long guestId, long hostId, long org)
    {
        var proposal = Attempt(() => people.Matchmaking.Propose(coordinator, guestId, hostId));
        var move = Attempt(() => tenancy.User(hostId).ChangeMembership(TenancyGrains.Admin, new MembershipChange(org, null)));
        await Task.WhenAll(proposal, move);
        var (match, proposalError) = await proposal;
        var (moved, moveError) = await move;
        return new RaceOutcome(guestId, hostId, match, proposalError, moved is not null, moveError);
    }

    private async Task AssertNoActiveMatchAcrossOrgs(long guestId, long hostId)
    {
        var guest = await tenancy.User(guestId).Get();
        var host = await tenancy.User(hostId).Get();
        foreach (var userId in new[] { guestId, hostId })
        {
            if (await people.Slot(userId).Holder() is { } matchId && await people.Match(matchId).Peek() is { IsActive: true } match)
            {
                Assert.True(guest!.HousingOrgId == host!.HousingOrgId,
                    $"match {match.Id} is active between guest {guestId} (org {guest.HousingOrgId}) and host {hostId} (org {host.HousingOrgId})");
            }
        }
    }

    private static async Task<(T? Value, string? Error)> Attempt<T>(Func<Task<T>> action)
        where T : class
    {
        try
        {
            return (await action(), null);
        }
        catch (HuuException e) when (e.Status == 409)
        {
            return (null, $"{e.Status} {e.Message}");
        }
    }

    private sealed record RaceOutcome(long GuestId, long HostId, Match? Proposed, string? ProposalError, bool Moved, string? MoveError);
}
