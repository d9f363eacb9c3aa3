using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Matches;
using HomeUniteUs.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace HomeUniteUs.Tests.TestCluster.Matches;

/// <summary>Each person is in at most one active match: racing proposals, and proposals a crash left half-done.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class MatchSlotTests(GrainCluster cluster)
{
    private readonly MatchPeople people = new(cluster);

    [Fact]
    public async Task Two_proposals_of_one_host_for_two_guests_at_once_make_exactly_one_match()
    {
        for (var round = 0; round < 5; round++)
        {
            var coordinator = await people.Coordinator();
            var first = await people.ReadyGuest(coordinator);
            var second = await people.ReadyGuest(coordinator);
            var host = await people.ReadyHost();

            var outcomes = await Task.WhenAll(new[] { first, second }.Select(async guest =>
            {
                try
                {
                    return (Match: await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId), Error: (HuuException?)null);
                }
                catch (HuuException e)
                {
                    return (Match: (Match?)null, Error: e);
                }
            }));

            var winner = Assert.Single(outcomes, o => o.Match is not null).Match!;
            var loser = Assert.Single(outcomes, o => o.Error is not null).Error!;
            Assert.Equal((409, ErrorCodes.Conflict), (loser.Status, loser.Code));
            Assert.Contains("host", loser.Message, StringComparison.Ordinal);
            Assert.Equal(winner.Id, await people.Slot(host.UserId).Holder());
            Assert.Equal(winner.Id, await people.Slot(winner.GuestId).Holder());
            var losingGuest = winner.GuestId == first.UserId ? second : first;
            Assert.Null(await people.Slot(losingGuest.UserId).Holder());
        }
    }

    [Fact]
    public async Task A_person_in_an_active_match_cannot_be_proposed_again_until_it_ends()
    {
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var otherHost = await people.ReadyHost();
        var match = await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId);

        var refused = await Assert.ThrowsAsync<HuuException>(() => people.Matchmaking.Propose(coordinator, guest.UserId, otherHost.UserId));
        Assert.Equal(409, refused.Status);
        Assert.Contains("guest", refused.Message, StringComparison.Ordinal);

        await people.Match(match.Id).End(coordinator, "the guest moved away");
        var next = await people.Matchmaking.Propose(coordinator, guest.UserId, otherHost.UserId);
        Assert.Equal(MatchStatus.Proposed, next.Status);
        Assert.Equal([next.Id, match.Id], await people.Slot(guest.UserId).History());
    }

    [Fact]
    public async Task A_proposal_a_crash_left_reserving_is_undone_and_its_slots_go_to_the_next_proposal()
    {
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();

        // What a silo leaves behind when it dies after reserving both slots, before the match is live.
        var crashedId = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);
        await Write(StateNames.Match, people.Match(crashedId).GetGrainId(), new MatchState
        {
            Id = crashedId,
            Phase = MatchState.Reserving,
            GuestId = guest.UserId,
            HostId = host.UserId,
            CoordinatorId = coordinator.UserId,
            Status = MatchStatus.Proposed,
            Version = 1,
        });
        Assert.Equal(new SlotClaim(crashedId, null), await people.Slot(guest.UserId).Reserve(crashedId));
        Assert.Equal(new SlotClaim(crashedId, null), await people.Slot(host.UserId).Reserve(crashedId));
        Assert.Null(await people.Match(crashedId).Peek());

        var match = await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId);

        Assert.Equal(match.Id, await people.Slot(guest.UserId).Holder());
        Assert.Equal(match.Id, await people.Slot(host.UserId).Holder());
        Assert.False(await people.Match(crashedId).Holds(guest.UserId));
        var notFound = await Assert.ThrowsAsync<HuuException>(() => people.Match(crashedId).Get(MatchPeople.Admin));
        Assert.Equal(404, notFound.Status);
    }

    [Fact]
    public async Task Recovery_frees_the_guest_slot_of_a_proposal_that_died_after_it()
    {
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var crashedId = Random.Shared.NextInt64(2_000_000_000, 3_000_000_000);
        await Write(StateNames.Match, people.Match(crashedId).GetGrainId(), new MatchState
        {
            Id = crashedId,
            Phase = MatchState.Reserving,
            GuestId = guest.UserId,
            HostId = host.UserId,
            Status = MatchStatus.Proposed,
            Version = 1,
        });
        await people.Slot(guest.UserId).Reserve(crashedId);

        await people.Match(crashedId).Recover();

        Assert.Null(await people.Slot(guest.UserId).Holder());
        Assert.Null(await people.Slot(host.UserId).Holder());
        Assert.False(await people.Match(crashedId).Holds(guest.UserId));
    }

    private async Task Write<T>(string stateName, GrainId grainId, T value)
        where T : class, new()
    {
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StateNames.Store);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, state);
        state.State = value;
        await storage.WriteStateAsync(stateName, grainId, state);
    }
}
