using System.Collections.Concurrent;
using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// The stored user is authoritative: a verified token must belong to a user in the store, must
/// not be signed out, and its groups must carry the stored role. The principal then carries
/// our user id and the stored role.
/// <para>
/// Hot path: the subject → user binding never changes for a subject, so it is kept; the user
/// grain's verdict on a token is reused for <see cref="VerdictLifetime"/>. A sign-out or delete
/// through this gateway forgets the user's verdicts at once; through another gateway it takes
/// effect here within that lifetime.
/// </para>
/// </summary>
public sealed class StoreCallerCheck(ClusterClientHost cluster, TimeProvider clock) : ICallerCheck
{
    public static readonly TimeSpan VerdictLifetime = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, SubjectBinding> bindings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Verdict> verdicts = new(StringComparer.Ordinal);

    public async Task<string?> Check(ClaimsPrincipal principal, JsonWebToken token, CancellationToken cancellationToken)
    {
        var user = await Authenticate(token);
        if (user is null)
        {
            return "Invalid token";
        }

        var identity = (ClaimsIdentity)principal.Identity!;
        if (!identity.HasClaim(ClaimTypes.Role, user.Role))
        {
            return "Invalid token";
        }

        foreach (var role in identity.FindAll(ClaimTypes.Role).ToList())
        {
            identity.RemoveClaim(role);
        }

        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        identity.AddClaim(new Claim(CallerClaims.UserId, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Email, user.Email));
        return null;
    }

    /// <summary>Drops what this gateway remembers about the user's tokens (sign-out, deletion).</summary>
    public void Forget(long userId)
    {
        foreach (var (jti, verdict) in verdicts)
        {
            if (verdict.UserId == userId)
            {
                verdicts.TryRemove(jti, out _);
            }
        }
    }

    public static TokenFacts Facts(JsonWebToken token) => new(
        token.Id,
        token.TryGetClaim("origin_jti", out var origin) ? origin.Value : null,
        token.IssuedAt == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(token.IssuedAt, TimeSpan.Zero),
        new DateTimeOffset(token.ValidTo, TimeSpan.Zero));

    private async Task<UserView?> Authenticate(JsonWebToken token)
    {
        var now = clock.GetUtcNow();
        var key = token.Id.Length > 0 ? token.Id : token.EncodedSignature;
        if (verdicts.TryGetValue(key, out var known) && known.Until > now)
        {
            return known.User;
        }

        if (!bindings.TryGetValue(token.Subject, out var binding))
        {
            binding = await cluster.Grains.GetGrain<ISubjectGrain>(token.Subject).Get();
            if (binding is null)
            {
                return null;
            }

            Remember(bindings, token.Subject, binding);
        }

        var user = await cluster.Grains.GetGrain<IUserGrain>(binding.UserId).Authenticate(Facts(token));
        Remember(verdicts, key, new Verdict(binding.UserId, user, now + VerdictLifetime));
        return user;
    }

    private static void Remember<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }

        cache[key] = value;
    }

    private sealed record Verdict(long UserId, UserView? User, DateTimeOffset Until);
}
