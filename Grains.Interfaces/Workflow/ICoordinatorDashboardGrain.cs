namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>
/// The coordinator dashboard as callers see it (key 0, a stateless worker on every silo): it combines the
/// views (<see cref="IDashboardViewGrain"/>, one per housing org plus the pool) that a <see cref="ReachView"/>
/// covers, and routes a notification to the view of the person's org. Each view is a projection of the
/// user, case, intake, journey and match grains of its people, held in memory only: rebuilt from storage
/// on activation and periodically, fed by change notifications between. A notification carries the
/// entity's stored version: a repeated or older one is ignored, so notifications may be repeated,
/// reordered or lost.
/// </summary>
public interface ICoordinatorDashboardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// A user's stored state changed. <paramref name="user"/> is the user as others see it, or null
    /// when nobody does (pending or deleted); <paramref name="version"/> is the stored state's
    /// version, which grows with every write (a deletion included).
    /// </summary>
    Task UserChanged(UserView? user, long userId, long version);

    /// <summary>A guest case changed: the case, or null once deleted; <paramref name="version"/> as for users.</summary>
    Task CaseChanged(GuestCase? guestCase, long guestId, long version);

    /// <summary>An intake profile was written: its status, when it was last changed (an approval's time), and the stored state's version.</summary>
    Task IntakeChanged(long userId, string status, DateTimeOffset updatedAt, long version);

    /// <summary>A journey's coordinator-set steps were written: which are complete, and the stored state's version.</summary>
    Task JourneyChanged(long userId, bool interviewComplete, bool trainingComplete, long version);

    /// <summary>A match was written: the match, or null while it is not live (reserving or undone); the stored state's version.</summary>
    Task MatchChanged(Matches.Match? match, long matchId, long version);

    /// <summary>The admin's dashboard (everyone) with its ETag; the document is null when <paramref name="knownETag"/> is the current ETag.</summary>
    Task<DashboardSnapshot> Snapshot(string? knownETag);

    /// <summary>
    /// The dashboard as <paramref name="view"/> shows it (the rows of the people in it), with that view's own
    /// ETag (a hash of the ETags of the views it covers): a change outside the view leaves it unchanged. The document is null when <paramref name="knownETag"/> is current.
    /// </summary>
    Task<DashboardSnapshot> SnapshotOf(ReachView view, string? knownETag);

    /// <summary>Every visible user with this role, by id, from the projection's memory (GET /api/hosts).</summary>
    Task<IReadOnlyList<UserView>> UsersInRole(string role);

    /// <summary>Every visible user of this housing org, by id, from the projection's memory (GET /api/housing-orgs/{id}/members).</summary>
    Task<IReadOnlyList<UserView>> Members(long housingOrgId);

    /// <summary>
    /// API.md's Stats of one housing org's program, or of the unaffiliated pool when <paramref name="housingOrgId"/>
    /// is null, from the projection's memory: exact as of every change acknowledged before the call.
    /// </summary>
    Task<ProgramStats> Stats(long? housingOrgId);

    /// <summary>The Stats of everyone, and of each of <paramref name="housingOrgIds"/> (in that order) followed by the pool's.</summary>
    Task<ProgramStatsSet> AllStats(IReadOnlyList<long> housingOrgIds);

    /// <summary>Every view re-reads its people from storage now and repairs what notifications missed.</summary>
    Task Reconcile();
}

/// <summary>
/// The dashboard as the gateway serves it: the UTF-8 JSON body of GET /api/coordinator/dashboard/all
/// and its strong ETag (a hash of the content of the views it shows, so equal content has the same ETag, across
/// activations and silos).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DashboardSnapshot(string ETag, byte[]? Document);
