namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>
/// One view of the dashboard: the people of one housing org, or of the pool (key <see cref="DashboardViews.Pool"/>),
/// with their cases, intake statuses, journeys and matches, held in memory only. Rebuilt on activation from the
/// stored states of its own people; between rebuilds fed by change notifications carrying the entity's stored
/// version (a repeated or older one is ignored). A person whose org is not this view's is kept only to know they left.
/// </summary>
public interface IDashboardViewGrain : IGrainWithIntegerKey
{
    /// <summary>A user's stored state changed (null: pending or deleted); see <see cref="ICoordinatorDashboardGrain.UserChanged"/>.</summary>
    Task UserChanged(UserView? user, long userId, long version);

    /// <summary>A user moved into this view's org: applied as <see cref="UserChanged"/>, then what the view knows nothing of yet (their case, intake, journey, matches) is read.</summary>
    Task Arrived(UserView user, long version);

    Task CaseChanged(GuestCase? guestCase, long guestId, long version);

    Task IntakeChanged(long userId, string status, DateTimeOffset updatedAt, long version);

    Task JourneyChanged(long userId, bool interviewComplete, bool trainingComplete, long version);

    Task MatchChanged(Matches.Match? match, long matchId, long version);

    /// <summary>The rows of this view's people with their ETag (a hash of the rows); the rows are null when <paramref name="knownETag"/> is current.</summary>
    Task<DashboardRows> Rows(string? knownETag);

    /// <summary>The Stats of this view's program, with the days to match behind its median (so views can be combined).</summary>
    Task<ProgramStatsPart> Stats();

    /// <summary>Every visible user of this view with this role, by id.</summary>
    Task<IReadOnlyList<UserView>> UsersInRole(string role);

    /// <summary>Every visible user of this view (guests, hosts, coordinators; admins in the pool's), by id.</summary>
    Task<IReadOnlyList<UserView>> Members();

    /// <summary>Re-reads this view's people from storage now and repairs what notifications missed.</summary>
    Task Reconcile();
}

/// <summary>One view's rows and their ETag; <see cref="Items"/> null when the caller's copy is current.</summary>
[GenerateSerializer, Immutable]
public sealed record DashboardRows(string ETag, IReadOnlyList<DashboardItem>? Items);

/// <summary>A program's Stats and the days to match its median was taken from.</summary>
[GenerateSerializer, Immutable]
public sealed record ProgramStatsPart(ProgramStats Stats, IReadOnlyList<double> DaysToMatch);
