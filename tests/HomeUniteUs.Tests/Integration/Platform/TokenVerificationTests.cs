using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>Every claim the gateway checks is proven on its own: each token differs from a good one in one way.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TokenVerificationTests(ServiceStack stack)
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

    [Fact]
    public async Task A_good_admin_token_passes_authentication()
    {
        using var response = await DeleteMissingOrg("Bearer " + TestTokens.Access(stack.Environment, "admin@example.com", ["Admins"]));
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
        var token = TestTokens.Access(stack.Environment, "admin@example.com", ["Admins"], lifetime: TimeSpan.FromMinutes(-5));
        using var response = await DeleteMissingOrg("Bearer " + token);
        var body = await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("Token expired", body.GetProperty("message").GetString());
    }

    public static TheoryData<string> ForgedTokens() => ["wrong signature", "alg none", "wrong issuer", "id token", "other client", "garbage", "not bearer"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Forged_or_misused_tokens_are_401_invalid_token(string kind)
    {
        var env = stack.Environment;
        var authorization = kind switch
        {
            "wrong signature" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], signingKey: TestTokens.ForeignKey()),
            "alg none" => "Bearer " + TestTokens.Unsigned(TestTokens.Access(env, "admin@example.com", ["Admins"])),
            "wrong issuer" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_someoneelse"),
            "id token" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], tokenUse: "id"),
            "other client" => "Bearer " + TestTokens.Access(env, "admin@example.com", ["Admins"], clientId: "someotherclient"),
            "garbage" => "Bearer not.a.jwt",
            _ => "Basic YWRtaW46YWRtaW4=",
        };
        using var response = await DeleteMissingOrg(authorization);
        var body = await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("Invalid token", body.GetProperty("message").GetString());
    }
}
