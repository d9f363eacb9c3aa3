using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.Grains.Interfaces.Matches;

/// <summary>
/// One match, keyed by match id: its state machine. PROPOSED → ACCEPTED (both accept) or DECLINED
/// (one refuses) → MEETING_HELD → FINALIZED (both signed) → ENDED; ENDED also from any active status.
/// Each transition checks the caller (403) and the current status (409 CONFLICT naming it).
/// A match that does not exist, or whose proposal was undone, is 404 NOT_FOUND.
/// </summary>
public interface IMatchGrain : ActivityList.IActivitySourceGrain
{
    /// <summary>
    /// Creates the match PROPOSED: records the proposal, reserves the guest's and then the host's
    /// match slot, and undoes the reservation when either is taken (409 naming who). Called by
    /// <see cref="IMatchmakingGrain"/> only, with a fresh id.
    /// </summary>
    Task<Match> Open(MatchProposal proposal);

    /// <summary>For the guest, the host, the guest's case coordinator and admins.</summary>
    Task<Match> Get(Caller caller);

    /// <summary>The guest or the host answers; both yes → ACCEPTED, a no → DECLINED. Only while PROPOSED; the same answer again is idempotent.</summary>
    Task<Match> Respond(Caller caller, bool accept);

    /// <summary>The guest's case coordinator or an admin schedules the meeting and/or records it held (→ MEETING_HELD). Only while ACCEPTED.</summary>
    Task<Match> Meeting(Caller caller, MeetingChange change);

    /// <summary>The guest or the host signs; both → FINALIZED and the guest's case becomes "Matched". Only while MEETING_HELD (FINALIZED: idempotent).</summary>
    Task<Match> Sign(Caller caller);

    /// <summary>The guest's case coordinator or an admin ends an active match; both people are free again.</summary>
    Task<Match> End(Caller caller, string reason);

    /// <summary>The match without a caller check (other grains), or null when it does not exist.</summary>
    Task<Match?> Peek();

    /// <summary>
    /// Whether this match is live and holds <paramref name="userId"/>'s slot. A proposal a crash
    /// interrupted is undone first, so the answer is never "maybe".
    /// </summary>
    Task<bool> Holds(long userId);

    /// <summary>Undoes a proposal a crash interrupted (its slots are released). Safe at any time.</summary>
    Task Recover();
}

/// <summary>What a proposal needs: the two people, the guest's case coordinator (0: none) and who proposed it (its event's actor).</summary>
[GenerateSerializer, Immutable]
public sealed record MatchProposal(long GuestId, long HostId, long CoordinatorId, long? ProposedBy = null);

/// <summary>The one answer for a match id nobody may see: unknown, undone, or (for a coordinator) outside reach.</summary>
public static class MatchErrors
{
    public static HuuException NotFound(long matchId) => HuuException.NotFound($"Match {matchId} does not exist.");
}
