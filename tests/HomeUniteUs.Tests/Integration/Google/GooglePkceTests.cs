using System.Globalization;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Google;

/// <summary>
/// PKCE on "Continue with Google" (issue 18, finding 2): a code is redeemed only with the verifier of the browser
/// that asked for it. The stand-in token endpoint checks the verifier against the code's challenge as Cognito does.
/// </summary>
[Collection(GoogleCollection.Name)]
public sealed class GooglePkceTests(GoogleStack stack)
{
    [Fact]
    public async Task The_redirect_carries_the_S256_challenge_of_a_fresh_verifier_kept_in_an_HttpOnly_Lax_cookie()
    {
        using var first = await stack.Http.GetAsync(new Uri("/api/auth/google?redirect_uri=/signin", UriKind.Relative));
        using var second = await stack.Http.GetAsync(new Uri("/api/auth/google?redirect_uri=/signin", UriKind.Relative));

        var attributes = PkceCookie(first);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/api/auth", attributes);
        Assert.DoesNotContain("secure", attributes);
        var maxAge = int.Parse(Assert.Single(attributes, a => a.StartsWith("max-age=", StringComparison.Ordinal))["max-age=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(maxAge, 1, 600);

        var verifier = TestAccounts.Cookies(first)["google_pkce"];
        Assert.Matches("^[A-Za-z0-9_-]{43,128}$", verifier);
        var query = QueryHelpers.ParseQuery(first.Headers.Location!.Query);
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(TokenEndpointStandIn.S256(verifier), query["code_challenge"].ToString());
        Assert.NotEqual(verifier, TestAccounts.Cookies(second)["google_pkce"]);
    }

    [Theory]
    [InlineData("sign_in")]
    [InlineData("sign_up")]
    public async Task A_code_posted_without_the_PKCE_cookie_is_refused_before_any_exchange(string route)
    {
        var person = GoogleUser.New();
        var page = route == "sign_in" ? "/signin" : "/signup/guest";
        if (route == "sign_in")
        {
            using var signUp = await stack.Post("sign_up", "/signup/guest", person);
            await Json(signUp, HttpStatusCode.OK);
        }

        var browser = await stack.StartGoogle(page);
        var code = await stack.Hosted.IssueCode(person, browser.AuthorizeUrl);
        var exchanges = stack.Hosted.Exchanges;

        using (var withoutCookie = await stack.PostCode(route, page, code, browser: null))
        {
            await Error(withoutCookie, HttpStatusCode.BadRequest, "OAUTH_INVALID_CODE");
            Assert.DoesNotContain("id_token", TestAccounts.Cookies(withoutCookie).Keys);
        }

        Assert.Equal(exchanges, stack.Hosted.Exchanges);

        // The code was never spent: the browser that asked for it still redeems it, once, and its cookie goes.
        using var sameBrowser = await stack.PostCode(route, page, code, browser);
        await Json(sameBrowser, HttpStatusCode.OK);
        AssertPkceCookieCleared(sameBrowser);
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, person.Email));
    }

    [Theory]
    [InlineData("sign_in")]
    [InlineData("sign_up")]
    public async Task A_code_posted_with_another_browsers_PKCE_cookie_is_refused(string route)
    {
        // The attacker passes the hosted UI with their own Google account and has a victim's browser post the code.
        var attacker = GoogleUser.New("Mal", "Lory");
        var page = route == "sign_in" ? "/signin" : "/signup/host";
        if (route == "sign_in")
        {
            using var signUp = await stack.Post("sign_up", "/signup/host", attacker);
            await Json(signUp, HttpStatusCode.OK);
        }

        var attackersBrowser = await stack.StartGoogle(page);
        var code = await stack.Hosted.IssueCode(attacker, attackersBrowser.AuthorizeUrl);
        var victimsBrowser = await stack.StartGoogle(page);
        var exchanges = stack.Hosted.Exchanges;

        using (var csrf = await stack.PostCode(route, page, code, victimsBrowser))
        {
            await Error(csrf, HttpStatusCode.BadRequest, "OAUTH_INVALID_CODE");
            Assert.DoesNotContain("id_token", TestAccounts.Cookies(csrf).Keys);
            AssertPkceCookieCleared(csrf);
        }

        Assert.Equal(exchanges + 1, stack.Hosted.Exchanges);
        Assert.Equal(route == "sign_in" ? 1 : 0, await StoredUsers.Count(stack.ConnectionString, attacker.Email));

        // The same person from their own browser is signed in.
        var ownBrowser = await stack.StartGoogle(page);
        using var own = await stack.PostCode(route, page, await stack.Hosted.IssueCode(attacker, ownBrowser.AuthorizeUrl), ownBrowser);
        Assert.Equal(attacker.Email, TestAccounts.User(await Json(own, HttpStatusCode.OK)).GetProperty("email").GetString());
    }

    /// <summary>The one Set-Cookie of the PKCE cookie, split at ';' and lower-cased: the name=value pair first, then the attributes.</summary>
    private static List<string> PkceCookie(HttpResponseMessage response) =>
        [.. Assert.Single(response.Headers.GetValues("Set-Cookie"), header => header.StartsWith("google_pkce=", StringComparison.Ordinal))
            .Split(';', StringSplitOptions.TrimEntries).Select(part => part.ToLowerInvariant())];

    /// <summary>The answer deletes the PKCE cookie (empty, expired, on the path it was set for).</summary>
    private static void AssertPkceCookieCleared(HttpResponseMessage response)
    {
        var attributes = PkceCookie(response);
        Assert.Equal("google_pkce=", attributes[0]);
        Assert.Contains("expires=thu, 01 jan 1970 00:00:00 gmt", attributes);
        Assert.Contains("path=/api/auth", attributes);
    }
}
