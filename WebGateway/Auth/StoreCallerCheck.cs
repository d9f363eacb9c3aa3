using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.Extensions.Caching.Memory;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// The stored user is authoritative: a verified token (access or id) must belong to a user in the store,
/// must not be signed out (the token, its session or anything issued before the sign-out), and its groups
/// must carry the stored role. The principal then carries our user id and the stored role.
/// <para>
/// Hot path: the subject → user binding never changes for a subject, so it is kept; the user grain's verdict
/// on a token is reused for at most <see cref="TokenCaches.VerdictLifetime"/>, and only while this gateway holds its
/// read-cache lease (<see cref="ReadCacheLease"/>), like the read caches' copies. The user grain reports a
/// sign-out, a deletion or any change of the user to the read-cache hub before it answers, and the hub answers
/// only when every leaseholder has dropped its verdicts on that user (or its lease has ended): the first
/// request after the 200, through any gateway, asks the user grain again. A verdict fetched while such a change
/// arrived is not reused; a lapsed lease or a new hub activation voids every verdict. Both caches are bounded
/// (<see cref="TokenCaches.Callers"/>) and evict their oldest entries, never everything at once; their entries expire on <c>clock</c>.
/// </para>
/// </summary>
public sealed class StoreCallerCheck : IReadCacheCopies, IDisposable
{
    private readonly ReadCacheLease lease;
    private readonly TimeProvider clock;
    private readonly MemoryCache bindings;
    private readonly MemoryCache verdicts;

    // When the hub last reported a change of a user: older verdicts about them are void.
    private readonly MemoryCache forgotten;

    // When every verdict was last voided (a lapsed lease, a new hub activation): older ones are void.
    private long clearedAtTicks;

    public StoreCallerCheck(ReadCacheLease lease, TimeProvider clock)
    {
        this.lease = lease;
        this.clock = clock;
        bindings = BoundedMemoryCache.Create(TokenCaches.Callers, clock);
        verdicts = BoundedMemoryCache.Create(TokenCaches.Callers, clock);
        forgotten = BoundedMemoryCache.Create(TokenCaches.Callers, clock);
        lease.Attach(this);
    }

    /// <summary>Null when the token is accepted (claims added to <paramref name="principal"/>), else the 401 message.</summary>
    public async Task<string?> Check(ClaimsPrincipal principal, JsonWebToken token, IGrainFactory grains)
    {
        var user = await Authenticate(token, grains);
        if (user is null || !InGroupOf(token, user.Role) || principal.Identity is not ClaimsIdentity identity)
        {
            return TokenFailures.Invalid;
        }

        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        identity.AddClaim(new Claim(CallerClaims.UserId, user.Id.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Email, user.Email));
        return null;
    }

    /// <summary>Whether the token's subject belongs to a stored user (a sign-in through this service bound it).</summary>
    public async Task<bool> IsBound(JsonWebToken token, IGrainFactory grains) =>
        bindings.TryGetValue(token.Subject, out SubjectBinding? binding) && binding is not null
        || await grains.GetGrain<ISubjectGrain>(token.Subject).Get() is not null;

    /// <summary>Whether a verified token (e.g. one Cognito just issued on refresh) is not signed out in the store.</summary>
    public async Task<bool> Accepts(JsonWebToken token, IGrainFactory grains) => await Authenticate(token, grains) is not null;

    /// <summary>The hub's report of a change: a user's (sign-out, deletion, any change) voids the verdicts on their tokens.</summary>
    public void Changed(CachedRead kind, long id)
    {
        if (kind == CachedRead.User)
        {
            // Outlives every verdict it voids: a verdict expires TokenCaches.VerdictLifetime after it was asked for.
            forgotten.Set(id, clock.GetUtcNow(), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TokenCaches.VerdictLifetime * 2 });
        }
    }

    /// <summary>Changes may have gone unseen (the lease lapsed, the hub is a new activation): no verdict is reused.</summary>
    public void Clear() => Volatile.Write(ref clearedAtTicks, clock.GetUtcNow().UtcTicks);

    public static TokenFacts Facts(JsonWebToken token) => new(
        token.Id,
        token.TryGetClaim("origin_jti", out var origin) ? origin.Value : null,
        token.IssuedAt == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(token.IssuedAt, TimeSpan.Zero),
        new DateTimeOffset(token.ValidTo, TimeSpan.Zero));

    public void Dispose()
    {
        bindings.Dispose();
        verdicts.Dispose();
        forgotten.Dispose();
    }

    private async Task<UserView?> Authenticate(JsonWebToken token, IGrainFactory grains)
    {
        var key = token.Id.Length > 0 ? token.Id : token.EncodedSignature;
        if (verdicts.TryGetValue(key, out Verdict? known) && known is not null && IsCurrent(known))
        {
            return known.User;
        }

        if (!bindings.TryGetValue(token.Subject, out SubjectBinding? binding) || binding is null)
        {
            binding = await grains.GetGrain<ISubjectGrain>(token.Subject).Get();
            if (binding is null)
            {
                return null;
            }

            bindings.Set(token.Subject, binding, new MemoryCacheEntryOptions { Size = 1 });
        }

        var at = clock.GetUtcNow();
        var user = await grains.GetGrain<IUserGrain>(binding.UserId).Authenticate(Facts(token));
        verdicts.Set(key, new Verdict(binding.UserId, user, at), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = at + TokenCaches.VerdictLifetime });
        return user;
    }

    /// <summary>Asked for while the lease held and after the last report about the user and the last clear.</summary>
    private bool IsCurrent(Verdict verdict) =>
        lease.IsHeld
        && verdict.At.UtcTicks > Volatile.Read(ref clearedAtTicks)
        && !(forgotten.TryGetValue(verdict.UserId, out DateTimeOffset forgottenAt) && forgottenAt >= verdict.At);

    /// <summary>Whether the token's cognito:groups carry the role (read from the payload, no claim objects made).</summary>
    private static bool InGroupOf(JsonWebToken token, string role)
    {
        const string claim = "cognito:groups";
        if (token.TryGetPayloadValue<string[]>(claim, out var groups) && groups is not null)
        {
            return Array.Exists(groups, group => UserRoles.FromGroup(group) == role);
        }

        return token.TryGetPayloadValue<string>(claim, out var group) && UserRoles.FromGroup(group) == role;
    }

    private sealed record Verdict(long UserId, UserView? User, DateTimeOffset At);
}
