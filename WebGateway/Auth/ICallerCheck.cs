using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// A check of a verified token against server-side knowledge (revocation, the stored user);
/// may add claims to the principal. Returns null to accept, or the 401 message.
/// </summary>
public interface ICallerCheck
{
    Task<string?> Check(ClaimsPrincipal principal, JsonWebToken token, CancellationToken cancellationToken);
}
