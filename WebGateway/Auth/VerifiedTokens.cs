using Microsoft.Extensions.Caching.Memory;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// The JwtBearer token handler of one scheme, remembering the tokens it has verified: the same token string
/// verified again would give the same verdict (signature, issuer, audience, token_use), so a repeat skips the
/// parse and the RS256 check and gets a copy of the first result; only the lifetime is checked again. What
/// is remembered is bounded (<see cref="TokenCaches.Tokens"/>, oldest evicted) and kept until the token expires, at
/// most <see cref="TokenCaches.VerifiedTokenLifetime"/> (so a key withdrawn from the pool's JWKS stops being honoured within that time).
/// The store check (<see cref="StoreCallerCheck"/>: user, role, sign-out) still runs on every request.
/// <paramref name="beforeVerifying"/> runs only for a token that is verified for real (the signing keys make
/// sure they know the key the token names), so a repeat is not even parsed.
/// </summary>
public sealed class VerifiedTokens(TimeProvider clock, Func<string, Task>? beforeVerifying = null) : JsonWebTokenHandler, IDisposable
{
    private readonly MemoryCache verified = BoundedMemoryCache.Create(TokenCaches.Tokens, clock);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = clock.GetUtcNow();
        if (token is not null && verified.TryGetValue(token, out Verified? known) && known is not null && Until(known.Result, validationParameters, known.At) > now)
        {
            return Copy(known.Result);
        }

        if (token is not null && beforeVerifying is not null)
        {
            await beforeVerifying(token);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && token is not null && result.SecurityToken is JsonWebToken && Until(result, validationParameters, now) is var until && until > now)
        {
            verified.Set(token, new Verified(Copy(result), now), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = until - now });
        }

        return result;
    }

    public void Dispose() => verified.Dispose();

    /// <summary>Remembered until the token expires (when the scheme checks lifetime), at most <see cref="TokenCaches.VerifiedTokenLifetime"/> after it was verified.</summary>
    private static DateTimeOffset Until(TokenValidationResult result, TokenValidationParameters parameters, DateTimeOffset verifiedAt)
    {
        var cap = verifiedAt + TokenCaches.VerifiedTokenLifetime;
        if (!parameters.ValidateLifetime)
        {
            return cap;
        }

        var expires = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero) + parameters.ClockSkew;
        return expires < cap ? expires : cap;
    }

    private sealed record Verified(TokenValidationResult Result, DateTimeOffset At);

    // The identity is the caller's own: the store check adds claims to it, so every request gets a fresh copy.
    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };
}
