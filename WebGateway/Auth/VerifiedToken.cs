using Microsoft.AspNetCore.Authentication;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>The raw token a scheme verified, for the routes that pass it on (sign-out, refresh).</summary>
public static class VerifiedToken
{
    /// <summary>
    /// The token string the scheme of <paramref name="result"/> verified: the access token of the bearer scheme, the id
    /// token of the cookie schemes. JwtBearer (with <c>SaveToken</c>) keeps it under the name "access_token" whatever its
    /// kind; this is the one place that knows.
    /// </summary>
    public static string? Of(AuthenticateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Succeeded ? result.Properties.GetTokenValue("access_token") : null;
    }
}
