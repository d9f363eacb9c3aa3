namespace HomeUniteUs.Grains.Matches;

/// <summary>
/// One person's match slot. Not reentrant, and it never calls out: proposals and membership moves
/// queue here and the first takes the slot; the match grains, not the slot, decide whether a holding
/// match is still live, and the user grain whether a holding move still runs.
/// </summary>
public sealed class MatchSlotGrain(
    [PersistentState(StateNames.MatchSlot, StateNames.Store)] IPersistentState<MatchSlotState> stored) : Grain, IMatchSlotGrain
{
    private MatchSlotState State => stored.State;

    public async Task<SlotClaim> Reserve(long matchId)
    {
        if (State.MatchId is not null || State.Move is not null)
        {
            return new SlotClaim(State.MatchId, State.Move?.Id);
        }

        await Write(matchId, null, State.History.Contains(matchId) ? State.History : [.. State.History, matchId]);
        return new SlotClaim(matchId, null);
    }

    public async Task Release(long matchId)
    {
        if (State.MatchId == matchId)
        {
            await Write(null, State.Move, State.History);
        }
    }

    public async Task<long?> Hold(MembershipHold hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        if (State.MatchId is { } holder)
        {
            return holder;
        }

        await Write(null, hold, State.History);
        return null;
    }

    public async Task ReleaseHold(Guid moveId)
    {
        if (State.Move?.Id == moveId)
        {
            await Write(State.MatchId, null, State.History);
        }
    }

    public Task<long?> Holder() => Task.FromResult(State.MatchId);

    public Task<MembershipHold?> Move() => Task.FromResult(State.Move);

    public Task<IReadOnlyList<long>> History() => Task.FromResult<IReadOnlyList<long>>([.. Enumerable.Reverse(State.History)]);

    private Task Write(long? matchId, MembershipHold? move, List<long> history) =>
        stored.Replace(new MatchSlotState { UserId = this.GetPrimaryKeyLong(), MatchId = matchId, Move = move, History = history }, DeactivateOnIdle);
}
