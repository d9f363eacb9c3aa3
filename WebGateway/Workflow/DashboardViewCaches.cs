using System.Collections.Concurrent;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// One <see cref="DashboardCache"/> per view of the dashboard this gateway served: every coordinator of an
/// org shares their org's, admins share everyone's (and one per filter they used). Views are few: at most
/// two per housing org, the pool's and everyone's.
/// </summary>
public sealed class DashboardViewCaches(ReadCacheLease lease, TimeProvider clock)
{
    private readonly ConcurrentDictionary<ReachView, DashboardCache> views = new();

    public DashboardCache Of(ReachView view) => views.GetOrAdd(view, v => new DashboardCache(lease, clock, v));
}
