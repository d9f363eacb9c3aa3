using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>GET /api/users/current's body by user id, dropped when the user changes (the token check stays per request).</summary>
public sealed class CurrentUserReadCache : IReadCacheCopies
{
    private readonly JsonBodies json;
    private readonly ReadCache users;

    public CurrentUserReadCache(JsonBodies json, ReadCacheLease lease, TimeProvider clock)
    {
        this.json = json;
        users = new ReadCache(lease, clock);
        lease.Attach(this);
    }

    /// <summary>The user's body, or null when no active user has this id.</summary>
    public async Task<byte[]?> Get(long userId, IGrainFactory grains) => await users.Get(userId, async () =>
        await grains.GetGrain<IUserGrain>(userId).Get() is { } user ? json.Serialize(UserDto.From(user)) : null);

    public void Changed(CachedRead kind, long id)
    {
        if (kind == CachedRead.User)
        {
            users.Drop(id);
        }
    }

    public void Clear() => users.Clear();
}
