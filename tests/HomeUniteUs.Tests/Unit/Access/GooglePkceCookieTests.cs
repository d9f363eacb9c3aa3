using HomeUniteUs.Configuration;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Access;
using Microsoft.AspNetCore.Http;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>The PKCE cookie's attributes by ROOT_URL, and what the code routes accept as a verifier.</summary>
public sealed class GooglePkceCookieTests
{
    [Theory]
    [InlineData("https://huu.example.org", true)]
    [InlineData("http://localhost:3000", false)]
    public void The_cookie_is_Secure_exactly_when_ROOT_URL_is_https(string rootUrl, bool secure)
    {
        var context = new DefaultHttpContext();
        GooglePkce.Begin(context.Response, Settings(rootUrl));

        var attributes = context.Response.Headers.SetCookie.ToString().Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();
        Assert.StartsWith("google_pkce=", attributes[0], StringComparison.Ordinal);
        Assert.Equal(secure, attributes.Contains("secure"));
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("too-short")]
    [InlineData("a verifier with spaces in it, long enough to pass the length check")]
    public void A_missing_or_malformed_verifier_is_OAUTH_INVALID_CODE(string? cookie)
    {
        var context = new DefaultHttpContext();
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"google_pkce={Uri.EscapeDataString(cookie)}";
        }

        var error = Assert.Throws<HuuException>(() => GooglePkce.Take(context, Settings("http://localhost:3000")));
        Assert.Equal(ErrorCodes.OAuthInvalidCode, error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void The_verifier_the_redirect_set_is_the_one_taken_back()
    {
        var settings = Settings("http://localhost:3000");
        var started = new DefaultHttpContext();
        GooglePkce.Begin(started.Response, settings);
        var verifier = started.Response.Headers.SetCookie.ToString().Split(';')[0]["google_pkce=".Length..];

        var posted = new DefaultHttpContext();
        posted.Request.Headers.Cookie = $"google_pkce={verifier}";
        Assert.Equal(verifier, GooglePkce.Take(posted, settings));
    }

    private static HuuSettings Settings(string rootUrl) => HuuSettings.Load(new Dictionary<string, string>
    {
        ["DATABASE_URL"] = "postgresql://u:p@h/db",
        ["COGNITO_CLIENT_ID"] = "client",
        ["COGNITO_CLIENT_SECRET"] = "secret",
        ["COGNITO_REGION"] = "us-east-1",
        ["COGNITO_USER_POOL_ID"] = "us-east-1_pool",
        ["COGNITO_ACCESS_ID"] = "id",
        ["COGNITO_ACCESS_KEY"] = "key",
        ["ROOT_URL"] = rootUrl,
    });
}
