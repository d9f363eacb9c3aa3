using HomeUniteUs.Grains.Interfaces.HousingOrgs;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.HousingOrgs;

/// <summary>GET /api/housing-orgs and /{id} as serialized bodies, dropped when an org changes.</summary>
public sealed class HousingOrgReadCache : IReadCacheCopies
{
    private const long ListKey = 0;
    private readonly JsonBodies json;
    private readonly ReadCache<long, byte[]> orgs;
    private readonly ReadCache<long, byte[]> list;

    public HousingOrgReadCache(JsonBodies json, ReadCacheLease lease, TimeProvider clock)
    {
        this.json = json;
        orgs = new ReadCache<long, byte[]>(lease, clock);
        list = new ReadCache<long, byte[]>(lease, clock);
        lease.Attach(this);
    }

    /// <summary>Every org, ordered by id.</summary>
    public async Task<byte[]> List(IGrainFactory grains) => (await list.Get(ListKey, async () =>
        json.Serialize((await grains.GetGrain<IHousingOrgRegistryGrain>(0).List()).Select(HousingOrgDto.From).ToList())))!;

    /// <summary>The org, or null when no org has this id (the registry answers: no org grain activates, nothing is kept).</summary>
    public async Task<byte[]?> Get(long id, IGrainFactory grains) => await orgs.Get(id, async () =>
        await grains.GetGrain<IHousingOrgRegistryGrain>(0).Get(id) is { } org ? json.Serialize(HousingOrgDto.From(org)) : null);

    public void Changed(CachedRead kind, long id)
    {
        if (kind == CachedRead.HousingOrg)
        {
            orgs.Drop(id);
            list.Drop(ListKey);
        }
    }

    public void Clear()
    {
        orgs.Clear();
        list.Clear();
    }
}
