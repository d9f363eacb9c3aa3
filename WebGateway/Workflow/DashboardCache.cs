using System.IO.Compression;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.WebGateway.Hosting;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// The gateway's copy of the dashboard, validated against the dashboard grain before it is
/// served, so a poll never sees a dashboard older than the poll. Validation is one small grain
/// call that answers "unchanged" or brings the new document; concurrent polls share calls: a poll
/// arriving while a call is under way waits for the next one (which starts after the poll
/// arrived, so it sees every change acknowledged before the poll), and all polls waiting for
/// that next call share it. Under load that is one grain call per batch of polls, and the
/// document crosses from the silo only when it changed.
/// </summary>
public sealed class DashboardCache(ClusterClientHost cluster)
{
    private readonly Lock gate = new();
    private CachedDashboard? latest;
    private TaskCompletionSource<CachedDashboard>? running;
    private TaskCompletionSource<CachedDashboard>? waiting;

    /// <summary>The current dashboard as of a grain call made after this call began.</summary>
    public Task<CachedDashboard> Current()
    {
        TaskCompletionSource<CachedDashboard> round;
        lock (gate)
        {
            if (running is not null)
            {
                waiting ??= new TaskCompletionSource<CachedDashboard>(TaskCreationOptions.RunContinuationsAsynchronously);
                return waiting.Task;
            }

            round = running = new TaskCompletionSource<CachedDashboard>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = Validate(round);
        return round.Task;
    }

    private async Task Validate(TaskCompletionSource<CachedDashboard>? round)
    {
        while (round is not null)
        {
            try
            {
                round.SetResult(await Fetch());
            }
            catch (Exception e)
            {
                round.SetException(e);
            }

            lock (gate)
            {
                round = waiting;
                waiting = null;
                running = round;
            }
        }
    }

    private async Task<CachedDashboard> Fetch()
    {
        var dashboard = cluster.Grains.GetGrain<ICoordinatorDashboardGrain>(0);
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
