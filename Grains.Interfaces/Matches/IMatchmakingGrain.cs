namespace HomeUniteUs.Grains.Interfaces.Matches;

/// <summary>
/// The way in to matching (stateless, key 0): candidates for a guest, proposals, a person's matches.
/// Candidates and proposals are for the guest's case coordinator and admins (else 403); an id that
/// is not a guest / not a host is 422 naming <c>guestId</c> / <c>hostId</c>.
/// </summary>
public interface IMatchmakingGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Hosts of the guest's housing org (unaffiliated hosts for an unaffiliated guest) whose training session is complete and who hold no active match, fewest conflicts first,
    /// then by id. 409 when the guest's own training session is not complete.
    /// </summary>
    Task<IReadOnlyList<MatchCandidate>> Candidates(Caller caller, long guestId);

    /// <summary>A new PROPOSED match; 409 when the two belong to different housing orgs, either training session is not complete or either person is in an active match.</summary>
    Task<Match> Propose(Caller caller, long guestId, long hostId);

    /// <summary>The matches of a guest or host, newest first: for the person, coordinators and admins.</summary>
    Task<IReadOnlyList<Match>> OfUser(Caller caller, long userId);
}
