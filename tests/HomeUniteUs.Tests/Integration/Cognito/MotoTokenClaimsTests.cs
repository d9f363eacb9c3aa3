using System.Text.Json;
using HomeUniteUs.Grains.Access.Cognito;
using Xunit.Abstractions;

namespace HomeUniteUs.Tests.Integration.Cognito;

/// <summary>What moto's tokens carry — the gateway verifies these claims. The test output lists every claim seen.</summary>
[Collection(CognitoMotoCollection.Name)]
public sealed class MotoTokenClaimsTests(MotoServer moto, ITestOutputHelper output)
{
    [Fact]
    public async Task Access_and_id_tokens_carry_the_claims_the_gateway_checks()
    {
        var cognito = moto.Client;
        var email = $"claims.{Guid.NewGuid():N}@example.com";
        var signUp = await cognito.SignUpAsync(email, "Passw0rd!", [new("given_name", "Claire"), new("family_name", "Ms")]);
        await cognito.ConfirmSignUpAsync(email, "000000");
        await cognito.AdminAddUserToGroupAsync(email, "Guests");
        var tokens = (await cognito.SignInAsync(email, "Passw0rd!")).AuthenticationResult!;

        var (accessHeader, access) = JwtPayload.Read(tokens.AccessToken);
        var (idHeader, id) = JwtPayload.Read(tokens.IdToken);
        Report("access token", accessHeader, access);
        Report("id token", idHeader, id);

        var issuer = $"https://cognito-idp.{moto.Settings.CognitoRegion}.amazonaws.com/{moto.Settings.CognitoUserPoolId}";
        foreach (var (header, claims) in new[] { (accessHeader, access), (idHeader, id) })
        {
            Assert.Equal("RS256", header.GetProperty("alg").GetString());
            Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
            Assert.Equal(issuer, claims.GetProperty("iss").GetString());
            Assert.Equal(signUp.UserSub, claims.GetProperty("sub").GetString());
            Assert.Equal(["Guests"], claims.GetProperty("cognito:groups").EnumerateArray().Select(group => group.GetString()));
            Assert.True(claims.GetProperty("exp").GetInt64() > claims.GetProperty("iat").GetInt64());
            Assert.True(Guid.TryParse(claims.GetProperty("jti").GetString(), out _));
        }

        Assert.Equal("access", access.GetProperty("token_use").GetString());
        Assert.Equal(moto.Settings.CognitoClientId, access.GetProperty("client_id").GetString());
        Assert.False(access.TryGetProperty("aud", out _));
        Assert.Equal(signUp.UserSub, access.GetProperty("username").GetString());

        Assert.Equal("id", id.GetProperty("token_use").GetString());
        Assert.Equal(moto.Settings.CognitoClientId, id.GetProperty("aud").GetString());
        Assert.False(id.TryGetProperty("client_id", out _));
        Assert.Equal(signUp.UserSub, id.GetProperty("cognito:username").GetString());
        Assert.Equal(CognitoUsername.Normalize(email), id.GetProperty("email").GetString());
    }

    private void Report(string name, JsonElement header, JsonElement claims)
    {
        output.WriteLine($"{name} header: {header.GetRawText()}");
        foreach (var claim in claims.EnumerateObject())
        {
            output.WriteLine($"{name} claim {claim.Name} ({claim.Value.ValueKind}): {claim.Value.GetRawText()}");
        }
    }
}
