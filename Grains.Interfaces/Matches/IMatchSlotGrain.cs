namespace HomeUniteUs.Grains.Interfaces.Matches;

/// <summary>
/// One person's match slot, keyed by user id: the id of their active match, if any, the ids of every
/// match they were proposed for, and the hold of a housing org move in progress. Proposals and
/// membership moves of one person race here, one call at a time: a slot is free, reserved by one
/// match, or held by one move, never two of them. It never calls other grains (no call cycles).
/// </summary>
public interface IMatchSlotGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Takes the slot for <paramref name="matchId"/> unless a match or a move holds it; answers who holds it
    /// afterwards (this match: taken or already held).
    /// </summary>
    Task<SlotClaim> Reserve(long matchId);

    /// <summary>Frees the slot when <paramref name="matchId"/> holds it; otherwise does nothing.</summary>
    Task Release(long matchId);

    /// <summary>
    /// Holds the slot for a membership move unless a match holds it: null when held, else the id of that
    /// match. A previous move's hold is replaced: only the person's own user grain holds their slot, one
    /// move at a time, so a hold it finds belongs to a move that no longer runs.
    /// </summary>
    Task<long?> Hold(MembershipHold hold);

    /// <summary>Ends the hold <paramref name="moveId"/>, if it is still there; otherwise does nothing.</summary>
    Task ReleaseHold(Guid moveId);

    /// <summary>The id of the match holding the slot, or null.</summary>
    Task<long?> Holder();

    /// <summary>The hold of a membership move, or null.</summary>
    Task<MembershipHold?> Move();

    /// <summary>Every match id this person was proposed for, newest first.</summary>
    Task<IReadOnlyList<long>> History();
}

/// <summary>Who holds a slot after a reservation: a match, or a membership move (exactly one of the two).</summary>
[GenerateSerializer, Immutable]
public sealed record SlotClaim(long? MatchId, Guid? MoveId);

/// <summary>A membership move's hold on a person's slot: the move's id, the org it moves the person to (null: none), and since when.</summary>
[GenerateSerializer, Immutable]
public sealed record MembershipHold(Guid Id, long? HousingOrgId, DateTimeOffset Since);
