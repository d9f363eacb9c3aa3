using Microsoft.Extensions.Caching.Memory;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// The stored user is authoritative: a verified token (access or id) must belong to a user in the store,
/// must not be signed out (the token, its session or anything issued before the sign-out), and its groups
/// must carry the stored role. The principal then carries our user id and the stored role.
/// <para>
/// Hot path: the subject → user binding never changes for a subject, so it is kept; the user grain's verdict
/// on a token is reused for <see cref="VerdictLifetime"/>. A sign-out or delete through this gateway forgets
/// the user's verdicts at once; through another gateway it takes effect here within that lifetime. Both
/// caches are bounded (<see cref="MaxEntries"/>) and evict their oldest entries, never everything at once;
/// their entries expire on <c>clock</c>.
/// </para>
/// </summary>
public sealed class StoreCallerCheck(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan VerdictLifetime = TimeSpan.FromSeconds(1);
    public const int MaxEntries = 100_000;

    private readonly MemoryCache bindings = BoundedMemoryCache.Create(MaxEntries, clock);
    private readonly MemoryCache verdicts = BoundedMemoryCache.Create(MaxEntries, clock);

    // When this gateway last saw a user sign out or be deleted: older verdicts about them are void.
    private readonly MemoryCache forgotten = BoundedMemoryCache.Create(MaxEntries, clock);

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

    /// <summary>Whether a verified token (e.g. one Cognito just issued on refresh) is not signed out in the store.</summary>
    public async Task<bool> Accepts(JsonWebToken token, IGrainFactory grains) => await Authenticate(token, grains) is not null;

    /// <summary>Drops what this gateway remembers about the user's tokens (sign-out, deletion).</summary>
    public void Forget(long userId) =>
        forgotten.Set(userId, clock.GetUtcNow(), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = VerdictLifetime * 2 });

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
        if (verdicts.TryGetValue(key, out Verdict? known) && known is not null
            && !(forgotten.TryGetValue(known.UserId, out DateTimeOffset forgottenAt) && forgottenAt >= known.At))
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
        verdicts.Set(key, new Verdict(binding.UserId, user, at), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = VerdictLifetime });
        return user;
    }

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
