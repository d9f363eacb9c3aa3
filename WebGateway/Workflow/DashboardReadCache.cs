using System.Collections.Concurrent;
using System.IO.Compression;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// The dashboard's views as this gateway last validated them, one copy per <see cref="ReachView"/> (everyone, one org's
/// coordinators' view, an admin's filter) in the one <see cref="ReadCache{TKey, TValue}"/>: a poll is answered from the
/// copy while no change of a view it covers was reported (<see cref="DashboardViews.Covers"/>: a change in one org drops
/// only the copies that show that org). A miss asks the dashboard grain whether the document it last sent for this view
/// is still current (one small call; the document crosses from the silo only when it changed), and misses of one view
/// share calls (<see cref="FetchesPerView"/> at once, later polls join the next round).
/// </summary>
public sealed class DashboardReadCache : IReadCacheCopies
{
    /// <summary>Calls in flight at once per view: more lanes, shorter waits for a fresh round.</summary>
    public const int FetchesPerView = 4;

    private readonly ReadCache<ReachView, CachedDashboard> views;

    /// <summary>
    /// Views whose last document is kept for validation, at most (an admin may filter by every org, and views of deleted
    /// orgs are never asked for again): past it the kept documents are forgotten together, and each view's next miss asks
    /// for its document in full, once.
    /// </summary>
    public const int MaxReceived = 1_000;

    /// <summary>The document last received per view (served only once validated): what a miss asks the grain about.</summary>
    private readonly ConcurrentDictionary<ReachView, CachedDashboard> received = new();

    public DashboardReadCache(ReadCacheLease lease, TimeProvider clock)
    {
        views = new ReadCache<ReachView, CachedDashboard>(lease, clock, FetchesPerView);
        lease.Attach(this);
    }

    /// <summary>The current dashboard as <paramref name="view"/> shows it: the copy, or as of a grain call made after this call began.</summary>
    public async Task<CachedDashboard> Current(ReachView view, IGrainFactory grains) =>
        (await views.Get(view, () => Validate(view, grains)))!;

    public void Changed(CachedRead kind, long id)
    {
        if (kind == CachedRead.Dashboard)
        {
            views.DropWhere(view => DashboardViews.Covers(view, id));
        }
    }

    public void Clear() => views.Clear();

    private async Task<CachedDashboard?> Validate(ReachView view, IGrainFactory grains)
    {
        var dashboard = grains.GetGrain<ICoordinatorDashboardGrain>(0);
        received.TryGetValue(view, out var known);
        var answer = await dashboard.SnapshotOf(view, known?.ETag);
        if (answer.Document is null && known is not null && answer.ETag == known.ETag)
        {
            return known;
        }

        // The answer is the new document, or (should the ETag have moved meanwhile) ask for it in full.
        var snapshot = answer.Document is not null ? answer : await dashboard.SnapshotOf(view, null);
        var fresh = new CachedDashboard(snapshot.ETag, snapshot.Document!);
        if (received.Count >= MaxReceived && !received.ContainsKey(view))
        {
            received.Clear();
        }

        received[view] = fresh;

        // Compressed once per version, off the request path: the first gzip poll need not wait for it.
        _ = Task.Run(() => fresh.Gzip);
        return fresh;
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
