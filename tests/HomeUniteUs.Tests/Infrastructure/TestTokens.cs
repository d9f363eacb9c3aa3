using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Builds JWTs shaped like Cognito's, signed with moto's key unless told otherwise.</summary>
public static class TestTokens
{
    public static string Access(IReadOnlyDictionary<string, string> env, string username, string[] groups,
        TimeSpan? lifetime = null, string? issuer = null, string tokenUse = "access", string? clientId = null,
        SecurityKey? signingKey = null, string sub = "00000000-0000-0000-0000-000000000001")
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        var claims = new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["token_use"] = tokenUse,
            ["username"] = username,
            ["cognito:groups"] = groups,
            ["jti"] = Guid.NewGuid().ToString(),
            ["auth_time"] = new DateTimeOffset(now).ToUnixTimeSeconds(),
        };
        claims[tokenUse == "id" ? "aud" : "client_id"] = clientId ?? env["COGNITO_CLIENT_ID"];
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? $"https://cognito-idp.{env["COGNITO_REGION"]}.amazonaws.com/{env["COGNITO_USER_POOL_ID"]}",
            Claims = claims,
            IssuedAt = expires < now ? expires.AddHours(-1) : now,
            NotBefore = expires < now ? expires.AddHours(-1) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(signingKey ?? MotoSigningKey.Private, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A key nobody trusts, presented under moto's key id.</summary>
    public static SecurityKey ForeignKey()
    {
        var rsa = RSA.Create(2048);
        return new RsaSecurityKey(rsa) { KeyId = MotoSigningKey.Private.KeyId };
    }

    /// <summary>moto's real signing key presented under another key id: a token signed by it must still be refused.</summary>
    public static SecurityKey MotoKeyUnderKid(string kid)
    {
        var moto = MotoSigningKey.Private;
        return new JsonWebKey
        {
            Kty = moto.Kty,
            N = moto.N,
            E = moto.E,
            D = moto.D,
            P = moto.P,
            Q = moto.Q,
            DP = moto.DP,
            DQ = moto.DQ,
            QI = moto.QI,
            KeyId = kid,
        };
    }

    /// <summary>The same claims, unsigned (`alg: none`).</summary>
    public static string Unsigned(string signedToken)
    {
        var parts = signedToken.Split('.');
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"dummy\"}");
        return $"{header}.{parts[1]}.";
    }
}
