using System.IO.Compression;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// The gateway's copy of one view of the dashboard (<see cref="ReachView"/>: everyone, one org's coordinators'
/// view, an admin's filter; see <see cref="DashboardViewCaches"/>), validated against the dashboard grain before it is
/// served, so a poll never sees a dashboard older than the poll. Validation is one small grain
/// call that answers "unchanged" or brings the new document. Polls share calls: up to
/// <see cref="MaxInFlight"/> calls run at once; a poll arriving when all are busy joins the
/// pending round, which starts (after every poll in it arrived, so it sees every change
/// acknowledged before them) as soon as a call finishes. Under load that is a few grain calls
/// per batch of polls, a poll waits little more than one round trip, and the document crosses
/// from the silo only when it changed.
/// Between changes no call is needed at all: while this gateway holds its read-cache lease and
/// the hub reported no dashboard change since the last validation (and that is younger than
/// <see cref="ReadCache.MaxAge"/>), the copy is current and a poll is answered from it.
/// </summary>
public sealed class DashboardCache : IReadCacheCopies
{
    /// <summary>Calls in flight at once: more lanes, shorter waits for a fresh round.</summary>
    public const int MaxInFlight = 4;

    private readonly ReadCacheLease lease;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private volatile CachedDashboard? latest;
    private volatile Task<CachedDashboard>? current;
    private TaskCompletionSource<CachedDashboard>? pending;
    private int inFlight;
    private long changes;
    private long currentAsOfChanges = -1;
    private long currentUntilTicks;

    private readonly ReachView view;

    public DashboardCache(ReadCacheLease lease, TimeProvider clock, ReachView view)
    {
        this.lease = lease;
        this.clock = clock;
        this.view = view;
        lease.Attach(this);
    }

    /// <summary>The current dashboard: the copy when no change was reported since it was validated, else as of a grain call made after this call began.</summary>
    public Task<CachedDashboard> Current(IGrainFactory grains)
    {
        if (current is { } known && Volatile.Read(ref currentAsOfChanges) == Volatile.Read(ref changes)
            && clock.GetUtcNow().UtcTicks < Volatile.Read(ref currentUntilTicks) && lease.IsHeld)
        {
            return known;
        }

        TaskCompletionSource<CachedDashboard> round;
        lock (gate)
        {
            if (inFlight >= MaxInFlight)
            {
                pending ??= new TaskCompletionSource<CachedDashboard>(TaskCreationOptions.RunContinuationsAsynchronously);
                return pending.Task;
            }

            inFlight++;
            round = new TaskCompletionSource<CachedDashboard>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = Validate(round, grains);
        return round.Task;
    }

    /// <summary>Runs a round, then the pending one if any (this lane stays busy), until none is left.</summary>
    private async Task Validate(TaskCompletionSource<CachedDashboard>? round, IGrainFactory grains)
    {
        while (round is not null)
        {
            try
            {
                round.SetResult(await Fetch(grains));
            }
            catch (Exception e)
            {
                round.SetException(e);
            }

            lock (gate)
            {
                round = pending;
                pending = null;
                if (round is null)
                {
                    inFlight--;
                }
            }
        }
    }

    public void Changed(CachedRead kind, long id)
    {
        // A change of one housing org's view (or the pool's) drops only the copies of views that show it.
        if (kind == CachedRead.Dashboard && DashboardViews.Covers(view, id))
        {
            Interlocked.Increment(ref changes);
        }
    }

    public void Clear() => Interlocked.Increment(ref changes);

    private async Task<CachedDashboard> Fetch(IGrainFactory grains)
    {
        var seen = Volatile.Read(ref changes);
        var startedTicks = clock.GetUtcNow().UtcTicks;
        var dashboard = grains.GetGrain<ICoordinatorDashboardGrain>(0);
        var known = latest;
        var answer = await dashboard.SnapshotOf(view, known?.ETag);
        if (answer.Document is null && known is not null && answer.ETag == known.ETag)
        {
            return Validated(known, seen, startedTicks);
        }

        // The answer is the new document, or (should the ETag have moved meanwhile) ask for it in full.
        var snapshot = answer.Document is not null ? answer : await dashboard.SnapshotOf(view, null);
        var fresh = new CachedDashboard(snapshot.ETag, snapshot.Document!);
        latest = fresh;

        // Compressed once per version, off the request path: the first gzip poll need not wait for it.
        _ = Task.Run(() => fresh.Gzip);
        return Validated(fresh, seen, startedTicks);
    }

    /// <summary>The copy is current as of the changes seen before the grain call: polls may use it until the next change.</summary>
    private CachedDashboard Validated(CachedDashboard dashboard, long seen, long startedTicks)
    {
        lock (gate)
        {
            if (Volatile.Read(ref changes) == seen)
            {
                current = Task.FromResult(dashboard);
                Volatile.Write(ref currentUntilTicks, startedTicks + ReadCache.MaxAge.Ticks);
                Volatile.Write(ref currentAsOfChanges, seen);
            }
        }

        return dashboard;
    }
}

/// <summary>One version of the dashboard: its JSON, and the same gzip-compressed (made on first demand).</summary>
public sealed class CachedDashboard(string etag, byte[] document)
{
    private readonly Lazy<byte[]> gzip = new(() => Compress(document));

    public string ETag => etag;

    /// <summary>The ETag of the gzip representation: a strong validator names one representation.</summary>
    public string GzipETag { get; } = etag.Insert(etag.Length - 1, "-gzip");

    public byte[] Document => document;

    public byte[] Gzip => gzip.Value;

    private static byte[] Compress(byte[] document)
    {
        using var buffer = new MemoryStream(document.Length / 4);
        using (var compressor = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(document);
        }

        return buffer.ToArray();
    }
}
