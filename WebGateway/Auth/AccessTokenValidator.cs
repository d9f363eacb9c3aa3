using System.Collections.Concurrent;
using HomeUniteUs.Grains.Interfaces.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// Verifies a Cognito JWT completely: RS256 signature against the pool's JWKS, expiry,
/// issuer, token_use and client id. Nothing unverified is ever trusted.
/// </summary>
public sealed class AccessTokenValidator(JwksCache jwks, HuuSettings settings, TimeProvider clock)
{
    private const int MaxRemembered = 100_000;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    // Access tokens that passed every check, by their exact text: a signature that verified once
    // verifies forever, so a repeated token skips the RSA work until it expires.
    private readonly ConcurrentDictionary<string, TokenCheck> verifiedAccessTokens = new(StringComparer.Ordinal);

    /// <summary>Validates an access token (token_use "access", client_id = ours).</summary>
    public async Task<TokenCheck> ValidateAccessToken(string token, CancellationToken cancellationToken)
    {
        if (verifiedAccessTokens.TryGetValue(token, out var known))
        {
            if (known.Token!.ValidTo > clock.GetUtcNow().UtcDateTime)
            {
                return known;
            }

            verifiedAccessTokens.TryRemove(token, out _);
            return TokenCheck.Expired;
        }

        var check = await Validate(token, "access", cancellationToken);
        if (check.Status == TokenStatus.Valid)
        {
            if (verifiedAccessTokens.Count >= MaxRemembered)
            {
                verifiedAccessTokens.Clear();
            }

            verifiedAccessTokens[token] = check;
        }

        return check;
    }

    /// <summary>
    /// Validates an id token (token_use "id", aud = our client id). The refresh routes accept an
    /// expired one (<paramref name="allowExpired"/>): it only names whose refresh token is presented.
    /// </summary>
    public Task<TokenCheck> ValidateIdToken(string token, CancellationToken cancellationToken, bool allowExpired = false) =>
        Validate(token, "id", cancellationToken, allowExpired);

    private async Task<TokenCheck> Validate(string token, string tokenUse, CancellationToken cancellationToken, bool allowExpired = false)
    {
        JsonWebToken parsed;
        try
        {
            parsed = handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return TokenCheck.Invalid;
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.TokenIssuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = !allowExpired,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKeys = await jwks.KeysFor(parsed.Kid, cancellationToken),
        };
        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                ? TokenCheck.Expired
                : TokenCheck.Invalid;
        }

        var claims = result.ClaimsIdentity;
        if (claims.FindFirst("token_use")?.Value != tokenUse)
        {
            return TokenCheck.Invalid;
        }

        var client = tokenUse == "access" ? claims.FindFirst("client_id")?.Value : claims.FindFirst("aud")?.Value;
        if (client != settings.CognitoClientId)
        {
            return TokenCheck.Invalid;
        }

        return new TokenCheck(TokenStatus.Valid, (JsonWebToken)result.SecurityToken);
    }
}

public enum TokenStatus
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>The outcome of a token check, with the verified token when valid.</summary>
public sealed record TokenCheck(TokenStatus Status, JsonWebToken? Token)
{
    public static readonly TokenCheck Expired = new(TokenStatus.Expired, null);
    public static readonly TokenCheck Invalid = new(TokenStatus.Invalid, null);

    public string FailureMessage => Status == TokenStatus.Expired ? "Token expired" : "Invalid token";
}
