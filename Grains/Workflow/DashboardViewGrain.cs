using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;
using Microsoft.Extensions.Options;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// One view of the dashboard (the people of one housing org, or of the pool: key <see cref="DashboardViews.Pool"/>),
/// served from memory; it persists nothing: a change to a user or case costs the rows its own grain writes, never a
/// rewrite of this aggregate. Rebuilt from its own people's stored states when it activates (after a silo crash, on
/// another silo), re-read periodically and soon after a version gap, so a lost notification is repaired. The rows and
/// their ETag are rebuilt only when a read finds the content changed since the last one.
/// Reentrant: every method but the reconciliation and an arrival runs without awaiting, and they merge their read in
/// one synchronous step, so reads and notifications never wait for a read of storage.
/// </summary>
[Reentrant]
public sealed class DashboardViewGrain(
    DashboardSources sources,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<DashboardViewGrain> logger) : Grain, IDashboardViewGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly DashboardProjection projection = new();
    private RowsSnapshot? rows;
    private ProgramStatsBook? stats;
    private Task? reconciling;
    private IGrainTimer? gapTimer;

    private long Key => this.GetPrimaryKeyLong();

    /// <summary>This view's org (null: the pool).</summary>
    private long? Org => DashboardViews.OrgOf(Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReconcileShared();
        var interval = options.Value.ReconcileInterval;
        this.RegisterGrainTimer(PeriodicReconcile, new GrainTimerCreationOptions(interval, interval) { Interleave = true, KeepAlive = true });
    }

    public Task UserChanged(UserView? user, long userId, long version) =>
        Apply(projection.UserVersion(userId), version, () => projection.ApplyUser(userId, user, version));

    public async Task Arrived(UserView user, long version)
    {
        ArgumentNullException.ThrowIfNull(user);
        await UserChanged(user, user.Id, version);

        // What hangs on the person was kept by the view they left: read it, newer than anything heard since or not at all.
        var read = await sources.ReadPerson(user.Id);
        var before = projection.ContentVersion;
        projection.Add(read);
        await ReportIfChanged(before);
    }

    public Task CaseChanged(GuestCase? guestCase, long guestId, long version) =>
        Apply(projection.CaseVersion(guestId), version, () => projection.ApplyCase(guestId, guestCase, version));

    public Task IntakeChanged(long userId, string status, DateTimeOffset updatedAt, long version) =>
        Apply(projection.IntakeVersion(userId), version, () => projection.ApplyIntake(userId, new IntakeRef(status, updatedAt), version));

    public Task JourneyChanged(long userId, bool interviewComplete, bool trainingComplete, long version) =>
        Apply(projection.JourneyVersion(userId), version,
            () => projection.ApplyJourney(userId, new Journeys.CoordinatorSteps(interviewComplete, trainingComplete), version));

    public Task MatchChanged(Match? match, long matchId, long version) =>
        Apply(projection.MatchVersion(matchId), version,
            () => projection.ApplyMatch(matchId, match is null ? null : MatchRef.Of(match), version));

    public Task<DashboardRows> Rows(string? knownETag)
    {
        if (rows is not { } known || known.ContentVersion != projection.ContentVersion)
        {
            var items = projection.Items(new ReachView(null, true, Org));
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(items, Json)).AsSpan(0, 16))}\"";
            rows = known = new RowsSnapshot(projection.ContentVersion, new DashboardRows(etag, items), new DashboardRows(etag, null));
        }

        return Task.FromResult(knownETag == known.Full.ETag ? known.Unchanged : known.Full);
    }

    public Task<ProgramStatsPart> Stats()
    {
        if (stats is not { } known || known.ContentVersion != projection.ContentVersion)
        {
            stats = known = projection.Stats();
        }

        return Task.FromResult(known.Part(Org));
    }

    public Task<IReadOnlyList<UserView>> UsersInRole(string role) =>
        Task.FromResult<IReadOnlyList<UserView>>([.. projection.UsersInRole(role).Where(u => u.HousingOrgId == Org)]);

    public Task<IReadOnlyList<UserView>> Members() => Task.FromResult(projection.Members(Org));

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
            // Read and parsed on the thread pool: reads and notifications go on meanwhile.
            var read = await Task.Run(() => sources.Read(Org));
            var before = projection.ContentVersion;
            projection.Reconcile(read.Users, read.Cases, startedAt);
            projection.ReconcileJourneys(read.Intakes, read.Journeys, read.Matches, startedAt);
            await ReportIfChanged(before);
            Telemetry.HuuMetrics.DashboardRebuilt(Key, projection);
            logger.LogInformation("Dashboard reconciled from storage (view {View}): {Users} users, {Cases} cases in {Elapsed} ms{Repaired}",
                Key, read.Users.Count, read.Cases.Count, (long)time.GetElapsedTime(started).TotalMilliseconds,
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
            logger.LogWarning(e, "Periodic reconciliation of dashboard view {View} failed; serving what is known", Key);
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

    /// <summary>The gateways answer from their copy of each view until told it changed (before the change is acknowledged): only this view's copies are dropped.</summary>
    private Task ReportIfChanged(long contentVersionBefore) =>
        projection.ContentVersion == contentVersionBefore
            ? Task.CompletedTask
            : ReadCacheNotifications.Changed(GrainFactory, CachedRead.Dashboard, Key, time, logger);

    /// <summary>A version that skips one means notifications were lost: reconcile soon (once for a burst of gaps).</summary>
    private void WatchForGap(long knownVersion, long version)
    {
        if (knownVersion == 0 || version == knownVersion + 1 || gapTimer is not null)
        {
            return;
        }

        logger.LogInformation("Dashboard view {View} saw a version gap ({Known} → {Version}); reconciling soon", Key, knownVersion, version);
        gapTimer = this.RegisterGrainTimer(async cancellationToken =>
        {
            gapTimer?.Dispose();
            gapTimer = null;
            await PeriodicReconcile(cancellationToken);
        }, new GrainTimerCreationOptions(options.Value.GapReconcileDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>The last rows, built at <see cref="ContentVersion"/> of the projection, and the "unchanged" answer.</summary>
    private sealed record RowsSnapshot(long ContentVersion, DashboardRows Full, DashboardRows Unchanged);
}
