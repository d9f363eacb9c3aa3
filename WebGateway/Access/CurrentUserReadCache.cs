using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// GET /api/users/current's body by user id, dropped when the user changes (the token check stays per request); also
/// the caller's reach for the list routes (<see cref="Scope"/>), read from the same copy, so a poll of the dashboard
/// asks no grain for the caller's membership while it is unchanged, and follows a change by the next read after its 2xx
/// (the user grain drops the copies before it acknowledges the change).
/// </summary>
public sealed class CurrentUserReadCache : IReadCacheCopies
{
    private readonly JsonBodies json;
    private readonly ReadCache<long, CachedUser> users;

    public CurrentUserReadCache(JsonBodies json, ReadCacheLease lease, TimeProvider clock)
    {
        this.json = json;
        users = new ReadCache<long, CachedUser>(lease, clock);
        lease.Attach(this);
    }

    /// <summary>The user's body, or null when no active user has this id.</summary>
    public async Task<byte[]?> Get(long userId, IGrainFactory grains) => (await Copy(userId, grains))?.Body;

    /// <summary>The reach of the active user with this id as their body shows it (role, org, lead), or null when there is none.</summary>
    public async Task<MemberScope?> Scope(long userId, IGrainFactory grains) => (await Copy(userId, grains))?.Scope;

    /// <summary>
    /// The reach of <paramref name="caller"/> now: an admin reaches everyone; anyone else by their current membership
    /// (<see cref="Scope"/>, never a token claim); null when no active user has the caller's id.
    /// </summary>
    public async Task<MemberScope?> ReachOf(Caller caller, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin ? new MemberScope(caller.UserId, UserRoles.Admin, null, false) : await Scope(caller.UserId, grains);
    }

    public void Changed(CachedRead kind, long id)
    {
        if (kind == CachedRead.User)
        {
            users.Drop(id);
        }
    }

    public void Clear() => users.Clear();

    /// <summary>The body and the reach are made from the same read of the grain, once per copy (a poll parses nothing).</summary>
    private ValueTask<CachedUser?> Copy(long userId, IGrainFactory grains) => users.Get(userId, async () =>
        await grains.GetGrain<IUserGrain>(userId).Get() is { } user ? CachedUser.Of(UserDto.From(user), json) : null);

    private sealed record CachedUser(byte[] Body, MemberScope Scope)
    {
        public static CachedUser Of(UserDto user, JsonBodies json) =>
            new(json.Serialize(user), new MemberScope(user.Id, user.Role.Type, user.HousingOrgId, user.Lead));
    }
}
