using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.Journeys;
using HomeUniteUs.Grains.Matches;
using HomeUniteUs.Grains.ReadCaches;
using Microsoft.Extensions.Options;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// Serves the dashboard from memory and persists nothing: a change to a user or case costs the
/// rows its own grain writes, never a rewrite of this aggregate. Rebuilt from storage when it
/// activates (after a silo crash, on another silo), re-read periodically and soon after a version
/// gap, so a lost notification is repaired. The JSON and its ETag are rebuilt only when a poll
/// finds the content changed since the last one.
/// Reentrant: every method but the reconciliation runs without awaiting, and the reconciliation
/// merges its read in one synchronous step, so polls and notifications never wait for a read.
/// </summary>
[Reentrant]
public sealed class CoordinatorDashboardGrain(
    DashboardSources sources,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<CoordinatorDashboardGrain> logger) : Grain, ICoordinatorDashboardGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly DashboardProjection projection = new();
    private readonly Dictionary<ReachView, ViewSnapshot> views = [];
    private ProgramStatsBook? stats;
    private Task? reconciling;
    private IGrainTimer? gapTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReconcileShared();
        var interval = options.Value.ReconcileInterval;
        this.RegisterGrainTimer(PeriodicReconcile, new GrainTimerCreationOptions(interval, interval) { Interleave = true, KeepAlive = true });
    }

    public Task UserChanged(UserView? user, long userId, long version) =>
        Apply(projection.UserVersion(userId), version, () => projection.ApplyUser(userId, user, version));

    public Task CaseChanged(GuestCase? guestCase, long guestId, long version) =>
        Apply(projection.CaseVersion(guestId), version, () => projection.ApplyCase(guestId, guestCase, version));

    public Task IntakeChanged(long userId, string status, DateTimeOffset updatedAt, long version) =>
        Apply(projection.IntakeVersion(userId), version, () => projection.ApplyIntake(userId, new IntakeRef(status, updatedAt), version));

    public Task JourneyChanged(long userId, bool interviewComplete, bool trainingComplete, long version) =>
        Apply(projection.JourneyVersion(userId), version,
            () => projection.ApplyJourney(userId, new CoordinatorSteps(interviewComplete, trainingComplete), version));

    public Task MatchChanged(Match? match, long matchId, long version) =>
        Apply(projection.MatchVersion(matchId), version,
            () => projection.ApplyMatch(matchId, match is null ? null : MatchRefOf(match), version));

    public Task<DashboardSnapshot> Snapshot(string? knownETag) => SnapshotOf(ReachView.Everyone, knownETag);

    public Task<DashboardSnapshot> SnapshotOf(ReachView view, string? knownETag)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!views.TryGetValue(view, out var known) || known.ContentVersion != projection.ContentVersion)
        {
            var document = JsonSerializer.SerializeToUtf8Bytes(new DashboardDocument(projection.Items(view)), Json);
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(document).AsSpan(0, 16))}\"";
            known = new ViewSnapshot(projection.ContentVersion, new DashboardSnapshot(etag, document), new DashboardSnapshot(etag, null));
            views[view] = known;
        }

        return Task.FromResult(knownETag == known.Full.ETag ? known.Unchanged : known.Full);
    }

    public Task<ProgramStats> Stats(long? housingOrgId) => Task.FromResult(CurrentStats().Of(housingOrgId));

    public Task<ProgramStatsSet> AllStats(IReadOnlyList<long> housingOrgIds)
    {
        ArgumentNullException.ThrowIfNull(housingOrgIds);
        var book = CurrentStats();
        return Task.FromResult(new ProgramStatsSet(book.Everyone, [.. housingOrgIds.Select(id => book.Of(id)), book.Of(null)]));
    }

    /// <summary>Every program's figures, counted once per content version of the projection (the first read after a change).</summary>
    private ProgramStatsBook CurrentStats()
    {
        if (stats is not { } known || known.ContentVersion != projection.ContentVersion)
        {
            stats = known = projection.Stats();
        }

        return known;
    }

    private static MatchRef MatchRefOf(Match match) => new(match.GuestId, match.HostId, match.Status, match.FinalizedAt);

    public Task<IReadOnlyList<UserView>> UsersInRole(string role) => Task.FromResult(projection.UsersInRole(role));

    public Task<IReadOnlyList<UserView>> Members(long housingOrgId) => Task.FromResult(projection.Members(housingOrgId));

    public async Task Reconcile()
    {
        // A read already under way may predate the caller's change: wait for it, then read afresh.
        if (reconciling is { } running)
        {
            try
            {
                await running;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "An earlier reconciliation failed; reading again");
            }
        }

        await ReconcileShared();
    }

    /// <summary>Joins the reconciliation under way, or starts one.</summary>
    private Task ReconcileShared() => reconciling ??= ReadAndMerge();

    private async Task ReadAndMerge()
    {
        await Task.Yield();
        try
        {
            var startedAt = projection.Stamp;
            var started = time.GetTimestamp();
            // Read and parsed on the thread pool: polls and notifications go on meanwhile.
            var (users, cases) = await Task.Run(() => sources.ReadPeopleAndCases());
            var (intakes, journeys, matches) = await Task.Run(() => sources.ReadJourneySources());
            var before = projection.ContentVersion;
            projection.Reconcile(users, cases, startedAt);
            projection.ReconcileJourneys(intakes, journeys, matches, startedAt);
            await ReportIfChanged(before);
            Telemetry.HuuMetrics.DashboardRebuilt(projection);
            logger.LogInformation("Dashboard reconciled from storage: {Users} users, {Cases} cases in {Elapsed} ms{Repaired}",
                users.Count, cases.Count, (long)time.GetElapsedTime(started).TotalMilliseconds,
                projection.ContentVersion != before && startedAt > 0 ? " (repaired missed changes)" : string.Empty);
        }
        finally
        {
            reconciling = null;
        }
    }

    private async Task PeriodicReconcile(CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileShared();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Periodic dashboard reconciliation failed; serving what is known");
        }
    }

    /// <summary>
    /// One notification: applied if newer than what is known (<paramref name="knownVersion"/>, read before
    /// applying), a skipped version watched for, and the gateways told when the content changed.
    /// </summary>
    private Task Apply(long knownVersion, long version, Func<bool> apply)
    {
        var before = projection.ContentVersion;
        if (apply())
        {
            WatchForGap(knownVersion, version);
        }

        return ReportIfChanged(before);
    }

    /// <summary>The gateways answer polls from their copy until told the content changed (before the change is acknowledged).</summary>
    private Task ReportIfChanged(long contentVersionBefore) =>
        projection.ContentVersion == contentVersionBefore
            ? Task.CompletedTask
            : ReadCacheNotifications.Changed(GrainFactory, CachedRead.Dashboard, 0, time, logger);

    /// <summary>A version that skips one means notifications were lost: reconcile soon (once for a burst of gaps).</summary>
    private void WatchForGap(long knownVersion, long version)
    {
        if (knownVersion == 0 || version == knownVersion + 1 || gapTimer is not null)
        {
            return;
        }

        logger.LogInformation("Dashboard saw a version gap ({Known} → {Version}); reconciling soon", knownVersion, version);
        gapTimer = this.RegisterGrainTimer(async cancellationToken =>
        {
            gapTimer?.Dispose();
            gapTimer = null;
            await PeriodicReconcile(cancellationToken);
        }, new GrainTimerCreationOptions(options.Value.GapReconcileDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>One view's last document, built at <see cref="ContentVersion"/> of the projection, and its "unchanged" answer.</summary>
    private sealed record ViewSnapshot(long ContentVersion, DashboardSnapshot Full, DashboardSnapshot Unchanged);
}
