using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>Every claim the gateway checks is proven on its own: each token differs from a good one in one way.</summary>
[Collection(GatewayCollection.Name)]
public class TokenVerificationTests(ServiceStack stack)
{
    private async Task<HttpResponseMessage> DeleteMissingOrg(string? authorization)
    {
        using var request = ServiceStack.Request(HttpMethod.Delete, "/api/housing-orgs/424242");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await stack.Http.SendAsync(request);
    }

    /// <summary>The real admin's subject: forged tokens differ from a good one in exactly one way.</summary>
    private async Task<string> AdminSub() => TokenSubject((await stack.Seeded("admin@example.com")).AccessToken);

    private static string TokenSubject(string jwt) =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(jwt).Subject;

    [Fact]
    public async Task A_token_with_good_claims_and_moto_signature_passes_authentication()
    {
        using var response = await DeleteMissingOrg("Bearer " + TestTokens.Access(stack.Environment, "admin@example.com", ["Admins"], sub: await AdminSub()));
        await Error(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Missing_token_is_401_naming_what_is_missing()
    {
        using var response = await DeleteMissingOrg(null);
        var body = await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Contains("Missing", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_token_is_401_token_expired()
    {
        var token = TestTokens.Access(stack.Environment, "admin@example.com", ["Admins"], lifetime: TimeSpan.FromMinutes(-5), sub: await AdminSub());
        using var response = await DeleteMissingOrg("Bearer " + token);
        var body = await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("Token expired", body.GetProperty("message").GetString());
    }

    public static TheoryData<string> ForgedTokens() =>
        ["wrong signature", "kid names another key", "alg none", "wrong issuer", "id token", "other client", "garbage", "not bearer", "unknown subject", "groups disagree with the store"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Forged_or_misused_tokens_are_401_invalid_token(string kind)
    {
        var env = stack.Environment;
        var sub = await AdminSub();
        var authorization = kind switch
        {
            "wrong signature" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], signingKey: TestTokens.ForeignKey(), sub: sub),
            "kid names another key" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], signingKey: TestTokens.MotoKeyUnderKid("another-key"), sub: sub),
            "alg none" => "Bearer " + TestTokens.Unsigned(TestTokens.Access(env, "admin@example.com", ["Admins"], sub: sub)),
            "wrong issuer" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_someoneelse", sub: sub),
            "id token" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], tokenUse: "id", sub: sub),
            "other client" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], clientId: "someotherclient", sub: sub),
            "unknown subject" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], sub: Guid.NewGuid().ToString()),
            "groups disagree with the store" => "Bearer " + TestTokens.Access(env, "guesta@example.com", ["Admins"],
                sub: TokenSubject((await stack.Seeded("guesta@example.com")).AccessToken)),
            "garbage" => "Bearer not.a.jwt",
            _ => "Basic YWRtaW46YWRtaW4=",
        };
        using var response = await DeleteMissingOrg(authorization);
        var body = await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("Invalid token", body.GetProperty("message").GetString());
    }
}
