using System.Security.Claims;
using System.Security.Cryptography;
using HomeUniteUs.WebGateway.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HomeUniteUs.Tests.Unit.Access;

public sealed class VerifiedTokensTests : IDisposable
{
    private readonly RSA rsa = RSA.Create(2048);
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly RsaSecurityKey key;

    public VerifiedTokensTests() => key = new RsaSecurityKey(rsa) { KeyId = "kid-1" };

    [Fact]
    public async Task A_repeat_gets_its_own_identity_so_claims_added_for_one_request_never_reach_the_next()
    {
        using var tokens = new VerifiedTokens(clock);
        var token = Token(TimeSpan.FromMinutes(30));

        var first = await tokens.ValidateTokenAsync(token, Parameters());
        Assert.True(first.IsValid);
        first.ClaimsIdentity.AddClaim(new Claim(ClaimTypes.Role, "Admin"));

        var second = await tokens.ValidateTokenAsync(token, Parameters());
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.False(second.ClaimsIdentity.HasClaim(ClaimTypes.Role, "Admin"));
        Assert.Equal("user-sub", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(((JsonWebToken)first.SecurityToken).Id, ((JsonWebToken)second.SecurityToken).Id);
    }

    [Fact]
    public async Task A_token_with_another_signature_is_checked_for_itself_and_refused()
    {
        using var tokens = new VerifiedTokens(clock);
        var token = Token(TimeSpan.FromMinutes(30));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);

        var signature = token[(token.LastIndexOf('.') + 1)..];
        var forged = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        Assert.False((await tokens.ValidateTokenAsync(forged, Parameters())).IsValid);
    }

    [Fact]
    public async Task A_remembered_token_past_its_expiry_is_not_taken_from_memory()
    {
        using var tokens = new VerifiedTokens(clock);
        var token = Token(TimeSpan.FromMinutes(2));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);

        // On our clock the token has expired; the handler's own check (real time) no longer runs on a repeat
        // unless memory refuses it: a lifetime validator that fails proves the repeat went through the full check.
        clock.Advance(TimeSpan.FromMinutes(10));
        var strict = Parameters();
        strict.LifetimeValidator = (_, _, _, _) => false;
        Assert.False((await tokens.ValidateTokenAsync(token, strict)).IsValid);
    }

    [Fact]
    public async Task The_session_scheme_that_ignores_lifetime_remembers_a_token_at_most_its_few_minutes()
    {
        using var tokens = new VerifiedTokens(clock);
        var token = Token(TimeSpan.FromHours(2));
        var lax = Parameters();
        lax.ValidateLifetime = false;
        Assert.True((await tokens.ValidateTokenAsync(token, lax)).IsValid);

        // A withdrawn key: a remembered token is still honoured for a while, then checked again and refused.
        var withdrawn = Parameters();
        withdrawn.ValidateLifetime = false;
        withdrawn.IssuerSigningKeyResolver = (_, _, _, _) => [];
        clock.Advance(TokenCaches.VerifiedTokenLifetime - TimeSpan.FromSeconds(1));
        Assert.True((await tokens.ValidateTokenAsync(token, withdrawn)).IsValid);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await tokens.ValidateTokenAsync(token, withdrawn)).IsValid);
    }

    [Fact]
    public async Task The_key_check_before_verifying_runs_for_a_new_or_forgotten_token_and_never_for_a_repeat()
    {
        var prepared = new List<string>();
        using var tokens = new VerifiedTokens(clock, token =>
        {
            prepared.Add(token);
            return Task.CompletedTask;
        });
        var token = Token(TimeSpan.FromHours(1));

        Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal([token], prepared);

        clock.Advance(TokenCaches.VerifiedTokenLifetime + TimeSpan.FromSeconds(1));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal([token, token], prepared);
    }

    public void Dispose() => rsa.Dispose();

    private string Token(TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://issuer.example",
            Audience = "client",
            Subject = new ClaimsIdentity([new Claim("sub", "user-sub"), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "https://issuer.example",
        ValidAudience = "client",
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        IssuerSigningKeyResolver = (_, _, kid, _) => kid == key.KeyId ? [key] : [],
        TryAllIssuerSigningKeys = false,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
