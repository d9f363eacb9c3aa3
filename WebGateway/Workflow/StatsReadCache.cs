using HomeUniteUs.Grains.Interfaces.HousingOrgs;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// The stats bodies (one per org, the pool's, everyone's), serialized once and served while no change of their view was
/// reported: each dashboard view reports every change of its content to the hub before the change is acknowledged,
/// and the stats are counted from that content, so a copy is never older than a change acknowledged before the read.
/// Everyone's body also names the orgs, so an org change drops it.
/// </summary>
public sealed class StatsReadCache : IReadCacheCopies
{
    private const long PoolKey = 0;
    private const long EveryoneKey = -1;
    private readonly JsonBodies json;
    private readonly ReadCache<long, byte[]> bodies;

    public StatsReadCache(JsonBodies json, ReadCacheLease lease, TimeProvider clock)
    {
        this.json = json;
        bodies = new ReadCache<long, byte[]>(lease, clock);
        lease.Attach(this);
    }

    private static ICoordinatorDashboardGrain Dashboard(IGrainFactory grains) => grains.GetGrain<ICoordinatorDashboardGrain>(0);

    /// <summary>One org's Stats (the pool's when <paramref name="housingOrgId"/> is null).</summary>
    public async Task<byte[]> Of(long? housingOrgId, IGrainFactory grains) =>
        (await bodies.Get(housingOrgId ?? PoolKey, async () => json.Serialize(await Dashboard(grains).Stats(housingOrgId))))!;

    /// <summary>GET /api/stats: everyone's, and every org's by id then the pool's.</summary>
    public async Task<byte[]> All(IGrainFactory grains) => (await bodies.Get(EveryoneKey, async () =>
    {
        var orgs = await grains.GetGrain<IHousingOrgRegistryGrain>(0).List();
        return json.Serialize(AllStatsDto.From(await Dashboard(grains).AllStats([.. orgs.Select(o => o.Id).Order()])));
    }))!;

    public void Changed(CachedRead kind, long id)
    {
        if (kind == CachedRead.Dashboard)
        {
            // The view of one org (its key) or the pool's (key 0, the pool's body) changed: that body and everyone's.
            bodies.Drop(id);
            bodies.Drop(EveryoneKey);
        }
        else if (kind == CachedRead.HousingOrg)
        {
            bodies.Drop(EveryoneKey);
        }
    }

    public void Clear() => bodies.Clear();
}
