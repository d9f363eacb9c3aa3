using System.IO.Compression;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// The gateway's copy of the dashboard, validated against the dashboard grain before it is
/// served, so a poll never sees a dashboard older than the poll. Validation is one small grain
/// call that answers "unchanged" or brings the new document. Polls share calls: up to
/// <see cref="MaxInFlight"/> calls run at once; a poll arriving when all are busy joins the
/// pending round, which starts (after every poll in it arrived, so it sees every change
/// acknowledged before them) as soon as a call finishes. Under load that is a few grain calls
/// per batch of polls, a poll waits little more than one round trip, and the document crosses
/// from the silo only when it changed.
/// </summary>
public sealed class DashboardCache
{
    /// <summary>Calls in flight at once: more lanes, shorter waits for a fresh round.</summary>
    public const int MaxInFlight = 4;

    private readonly Lock gate = new();
    private volatile CachedDashboard? latest;
    private TaskCompletionSource<CachedDashboard>? pending;
    private int inFlight;

    /// <summary>The current dashboard as of a grain call made after this call began.</summary>
    public Task<CachedDashboard> Current(IGrainFactory grains)
    {
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

    private async Task<CachedDashboard> Fetch(IGrainFactory grains)
    {
        var dashboard = grains.GetGrain<ICoordinatorDashboardGrain>(0);
        var known = latest;
        var answer = await dashboard.Snapshot(known?.ETag);
        if (answer.Document is null && known is not null && answer.ETag == known.ETag)
        {
            return known;
        }

        // The answer is the new document, or (should the ETag have moved meanwhile) ask for it in full.
        var snapshot = answer.Document is not null ? answer : await dashboard.Snapshot(null);
        latest = new CachedDashboard(snapshot.ETag, snapshot.Document!);
        return latest;
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
