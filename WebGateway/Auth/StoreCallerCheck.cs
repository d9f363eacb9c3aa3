using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// The stored user is authoritative: a verified token must belong to a user in the store, must
/// not be signed out, and its groups must carry the stored role. The principal then carries
/// our user id and the stored role.
/// </summary>
public sealed class StoreCallerCheck(ClusterClientHost cluster) : ICallerCheck
{
    public async Task<string?> Check(ClaimsPrincipal principal, JsonWebToken token, CancellationToken cancellationToken)
    {
        var binding = await cluster.Grains.GetGrain<ISubjectGrain>(token.Subject).Get();
        if (binding is null)
        {
            return "Invalid token";
        }

        var user = await cluster.Grains.GetGrain<IUserGrain>(binding.UserId).Authenticate(Facts(token));
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

    public static TokenFacts Facts(JsonWebToken token) => new(
        token.Id,
        token.TryGetClaim("origin_jti", out var origin) ? origin.Value : null,
        token.IssuedAt == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(token.IssuedAt, TimeSpan.Zero),
        new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
}
