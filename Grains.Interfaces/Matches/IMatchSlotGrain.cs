namespace HomeUniteUs.Grains.Interfaces.Matches;

/// <summary>
/// One person's match slot, keyed by user id: the id of their active match, if any, and the ids
/// of every match they were proposed for. Two proposals of one person race here, one call at a
/// time, so at most one holds the slot. It never calls other grains (no call cycles).
/// </summary>
public interface IMatchSlotGrain : IGrainWithIntegerKey
{
    /// <summary>Takes the slot for <paramref name="matchId"/>; returns the id that holds it (equal: taken or already held).</summary>
    Task<long> Reserve(long matchId);

    /// <summary>Frees the slot when <paramref name="matchId"/> holds it; otherwise does nothing.</summary>
    Task Release(long matchId);

    /// <summary>The id of the match holding the slot, or null.</summary>
    Task<long?> Holder();

    /// <summary>Every match id this person was proposed for, newest first.</summary>
    Task<IReadOnlyList<long>> History();
}
