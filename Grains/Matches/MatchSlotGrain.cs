namespace HomeUniteUs.Grains.Matches;

/// <summary>
/// One person's match slot. Not reentrant, and it never calls out: two proposals queue here and
/// the first takes the slot; the match grains, not the slot, decide whether a holder is still live.
/// </summary>
public sealed class MatchSlotGrain(
    [PersistentState(StateNames.MatchSlot, StateNames.Store)] IPersistentState<MatchSlotState> stored) : Grain, IMatchSlotGrain
{
    public async Task<long> Reserve(long matchId)
    {
        if (stored.State.MatchId is { } holder)
        {
            return holder;
        }

        await Write(new MatchSlotState
        {
            UserId = this.GetPrimaryKeyLong(),
            MatchId = matchId,
            History = stored.State.History.Contains(matchId) ? stored.State.History : [.. stored.State.History, matchId],
        });
        return matchId;
    }

    public async Task Release(long matchId)
    {
        if (stored.State.MatchId == matchId)
        {
            await Write(new MatchSlotState { UserId = this.GetPrimaryKeyLong(), MatchId = null, History = stored.State.History });
        }
    }

    public Task<long?> Holder() => Task.FromResult(stored.State.MatchId);

    public Task<IReadOnlyList<long>> History() => Task.FromResult<IReadOnlyList<long>>([.. Enumerable.Reverse(stored.State.History)]);

    private Task Write(MatchSlotState next) => stored.Replace(next, DeactivateOnIdle);
}
