using HomeUniteUs.Grains.Journeys;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// The dashboard's in-memory model: the last known version of every user and case, whether it
/// exists, and what the dashboard needs of it. Pure (no I/O), so every merge rule is testable.
/// <para>
/// A change is applied only when its version is newer than the known one, so repeated and
/// reordered notifications do nothing. A reconciliation merges a full read of storage the same
/// way, and also forgets what storage no longer has — unless a notification arrived after the
/// read began (its <see cref="Slot{T}.Stamp"/> is newer), since the read may predate that change.
/// </para>
/// </summary>
public sealed partial class DashboardProjection
{
    private readonly Dictionary<long, Slot<UserView>> users = [];
    private readonly Dictionary<long, Slot<GuestCase>> cases = [];
    private readonly Dictionary<long, Slot<IntakeRef>> intakes = [];
    private readonly Dictionary<long, Slot<CoordinatorSteps>> journeys = [];
    private readonly Dictionary<long, Slot<MatchRef>> matches = [];
    private long stamp;

    /// <summary>Grows whenever what the dashboard shows may have changed.</summary>
    public long ContentVersion { get; private set; }

    /// <summary>The stamp a reconciliation takes before it reads storage.</summary>
    public long Stamp => stamp;

    /// <summary>Applies a user notification; returns whether it was newer than what was known.</summary>
    public bool ApplyUser(long userId, UserView? user, long version) => Apply(users, userId, user, version);

    public bool ApplyCase(long guestId, GuestCase? guestCase, long version) => Apply(cases, guestId, guestCase, version);

    /// <summary>An intake profile's status changed (the journey's application step; an approval's time for the statistics).</summary>
    public bool ApplyIntake(long userId, IntakeRef intake, long version) => Apply(intakes, userId, intake, version);

    /// <summary>A journey's coordinator-set steps changed.</summary>
    public bool ApplyJourney(long userId, CoordinatorSteps steps, long version) => Apply(journeys, userId, steps, version);

    /// <summary>A match changed; null while it is not live.</summary>
    public bool ApplyMatch(long matchId, MatchRef? match, long version) => Apply(matches, matchId, match, version);

    public long IntakeVersion(long userId) => intakes.TryGetValue(userId, out var slot) ? slot.Version : 0;

    public long JourneyVersion(long userId) => journeys.TryGetValue(userId, out var slot) ? slot.Version : 0;

    public long MatchVersion(long matchId) => matches.TryGetValue(matchId, out var slot) ? slot.Version : 0;

    /// <summary>The version known for a user or case (0 when never seen), to spot gaps.</summary>
    public long UserVersion(long userId) => users.TryGetValue(userId, out var slot) ? slot.Version : 0;

    public long CaseVersion(long guestId) => cases.TryGetValue(guestId, out var slot) ? slot.Version : 0;

    /// <summary>Merges a full read of storage that began at <paramref name="readStartedAt"/> (a <see cref="Stamp"/>).</summary>
    public void Reconcile(IEnumerable<Versioned<UserView>> storedUsers, IEnumerable<Versioned<GuestCase>> storedCases, long readStartedAt)
    {
        Merge(users, storedUsers, readStartedAt);
        Merge(cases, storedCases, readStartedAt);
    }

    /// <summary>Merges a full read of what journeys are derived from, as <see cref="Reconcile"/> does for users and cases.</summary>
    public void ReconcileJourneys(
        IEnumerable<Versioned<IntakeRef>> storedIntakes,
        IEnumerable<Versioned<CoordinatorSteps>> storedJourneys,
        IEnumerable<Versioned<MatchRef>> storedMatches,
        long readStartedAt)
    {
        Merge(intakes, storedIntakes, readStartedAt);
        Merge(journeys, storedJourneys, readStartedAt);
        Merge(matches, storedMatches, readStartedAt);
    }

    /// <summary>Applies a read of one person (a person who moved into a view): newer versions only, nothing forgotten.</summary>
    public void Add(DashboardSourceRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        read.Users.ForEach(u => Apply(users, u.Id, u.Value, u.Version));
        read.Cases.ForEach(c => Apply(cases, c.Id, c.Value, c.Version));
        read.Intakes.ForEach(i => Apply(intakes, i.Id, i.Value, i.Version));
        read.Journeys.ForEach(j => Apply(journeys, j.Id, j.Value, j.Version));
        read.Matches.ForEach(m => Apply(matches, m.Id, m.Value, m.Version));
    }

    public IReadOnlyList<UserView> UsersInRole(string role) =>
        [.. users.Values.Select(s => s.Value).OfType<UserView>().Where(u => u.Role == role).OrderBy(u => u.Id)];

    /// <summary>The user, if known and visible (whatever their org).</summary>
    public UserView? User(long userId) => users.TryGetValue(userId, out var slot) ? slot.Value : null;

    public IReadOnlyList<UserView> Members(long? housingOrgId) =>
        [.. users.Values.Select(s => s.Value).OfType<UserView>().Where(u => u.HousingOrgId == housingOrgId).OrderBy(u => u.Id)];

    /// <summary>The rows of the people <paramref name="view"/> shows (default everyone), in the order of the system we replace: guests, hosts, coordinators, each by id.</summary>
    public List<DashboardItem> Items(ReachView? view = null)
    {
        view ??= ReachView.Everyone;
        var items = new List<DashboardItem>(users.Count);
        var activeMatches = matches.Values.Select(s => s.Value).OfType<MatchRef>().Where(m => MatchStatus.IsActive(m.Status))
            .GroupBy(m => m.GuestId).ToDictionary(g => g.Key, g => g.First().Status);
        foreach (var role in (string[])[UserRoles.Guest, UserRoles.Host, UserRoles.Coordinator])
        {
            foreach (var user in users.Values.Select(s => s.Value).OfType<UserView>().Where(u => u.Role == role && view.Shows(u.Scope)).OrderBy(u => u.Id))
            {
                var item = role == UserRoles.Guest ? GuestItem(user) with { JourneyStep = JourneyStep(user.Id, activeMatches) } : OtherItem(user);
                items.Add(item with { HousingOrgId = user.HousingOrgId });
            }
        }

        return items;
    }

    private string JourneyStep(long guestId, Dictionary<long, string> activeMatches) => JourneyProgress.CurrentStep(
        UserRoles.Guest,
        intakes.TryGetValue(guestId, out var intake) && intake.Value?.Status == IntakeStatus.Approved,
        journeys.TryGetValue(guestId, out var journey) && journey.Value is { } steps ? steps : new CoordinatorSteps(false, false),
        activeMatches.GetValueOrDefault(guestId));

    private DashboardItem GuestItem(UserView guest)
    {
        var guestCase = cases.TryGetValue(guest.Id, out var slot) ? slot.Value : null;
        if (guestCase is null)
        {
            return Item(guest, DashboardItem.NotApplicable, DashboardItem.Unassigned, guest.UpdatedAt, string.Empty);
        }

        var coordinator = users.TryGetValue(guestCase.CoordinatorId, out var owner) ? owner.Value : null;
        var lastUpdated = guestCase.UpdatedAt > guest.UpdatedAt ? guestCase.UpdatedAt : guest.UpdatedAt;
        return Item(guest, guestCase.Status, coordinator?.FullName ?? DashboardItem.Unassigned, lastUpdated, guestCase.Notes);
    }

    private static DashboardItem OtherItem(UserView user) =>
        Item(user, DashboardItem.NotApplicable, DashboardItem.NotApplicable, user.UpdatedAt, string.Empty);

    private static DashboardItem Item(UserView user, string caseStatus, string coordinatorName, DateTimeOffset lastUpdated, string notes) =>
        new(user.Id, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.FullName, caseStatus,
            user.Role.ToUpperInvariant(), coordinatorName, UtcTimestamp.Format(lastUpdated), notes);

    private bool Apply<T>(Dictionary<long, Slot<T>> slots, long id, T? value, long version)
        where T : class
    {
        if (slots.TryGetValue(id, out var known) && version <= known.Version)
        {
            return false;
        }

        slots[id] = new Slot<T>(version, value, ++stamp);
        if (!Equals(known?.Value, value))
        {
            ContentVersion++;
        }

        return true;
    }

    private void Merge<T>(Dictionary<long, Slot<T>> slots, IEnumerable<Versioned<T>> stored, long readStartedAt)
        where T : class
    {
        var seen = new HashSet<long>();
        foreach (var entry in stored)
        {
            seen.Add(entry.Id);
            Apply(slots, entry.Id, entry.Value, entry.Version);
        }

        // Gone from storage and not heard of since the read began: deleted, its notification lost.
        var gone = slots.Where(s => s.Value.Value is not null && s.Value.Stamp <= readStartedAt && !seen.Contains(s.Key)).ToList();
        foreach (var (id, slot) in gone)
        {
            slots[id] = slot with { Value = null };
            ContentVersion++;
        }
    }

    /// <summary>What is known of one entity: its version, its value (null: does not exist or is not visible), when it was learnt.</summary>
    private sealed record Slot<T>(long Version, T? Value, long Stamp)
        where T : class;
}

/// <summary>What the dashboard needs of a match: whose it is, its status, and when it was finalized (for the statistics).</summary>
public sealed record MatchRef(long GuestId, long HostId, string Status, DateTimeOffset? FinalizedAt = null)
{
    public static MatchRef Of(Match match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new(match.GuestId, match.HostId, match.Status, match.FinalizedAt);
    }
}

/// <summary>What the dashboard needs of an intake profile: its status, and when it last changed (an approval's time).</summary>
public sealed record IntakeRef(string Status, DateTimeOffset UpdatedAt);

/// <summary>An entity as storage holds it: its version and its visible value (null when it does not exist or is not visible).</summary>
public sealed record Versioned<T>(long Id, long Version, T? Value)
    where T : class;
