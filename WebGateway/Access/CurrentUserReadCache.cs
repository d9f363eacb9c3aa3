using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>GET /api/users/current's body by user id, dropped when the user changes (the token check stays per request).</summary>
public sealed class CurrentUserReadCache : IReadCacheCopies
{
    private readonly ClusterClientHost cluster;
    private readonly JsonBodies json;
    private readonly ReadCache users;

    public CurrentUserReadCache(ClusterClientHost cluster, JsonBodies json, ReadCacheLease lease, TimeProvider clock)
    {
        this.cluster = cluster;
        this.json = json;
        users = new ReadCache(lease, clock);
        lease.Attach(this);
    }

    /// <summary>The user's body, or null when no active user has this id.</summary>
    public async Task<byte[]?> Get(long userId) => await users.Get(userId, async () =>
        await cluster.Grains.GetGrain<IUserGrain>(userId).Get() is { } user ? Serialize(user) : null);

    public byte[] Serialize(UserView user) => json.Serialize(UserDto.From(user));

    public void Changed(CachedRead kind, long id)
    {
        if (kind == CachedRead.User)
        {
            users.Drop(id);
        }
    }

    public void Clear() => users.Clear();
}
