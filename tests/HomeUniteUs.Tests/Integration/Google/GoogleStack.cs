using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.WebGateway.Access;

namespace HomeUniteUs.Tests.Integration.Google;

/// <summary>
/// A stack whose COGNITO_ENDPOINT_URL is the <see cref="TokenEndpointStandIn"/>; everything else is moto and
/// PostgreSQL. Seeded (development), so that admin@example.com is there for Google to be refused.
/// </summary>
public class GoogleStack : ServiceStack
{
    public TokenEndpointStandIn Hosted { get; private set; } = null!;

    protected override async Task ConfigureAsync(Dictionary<string, string> environment)
    {
        Hosted = await TokenEndpointStandIn.Start(environment);
        environment["COGNITO_ENDPOINT_URL"] = Hosted.Url.ToString().TrimEnd('/');
    }

    /// <summary>{ROOT_URL}{path}, the redirect URI the hosted UI binds a code to.</summary>
    public string Callback(string path) => Environment["ROOT_URL"].TrimEnd('/') + path;

    /// <summary>A browser follows "Continue with Google" for <paramref name="callbackPath"/>: the gateway's redirect and its PKCE cookie.</summary>
    public async Task<GoogleBrowser> StartGoogle(string callbackPath)
    {
        using var response = await Http.GetAsync(new Uri($"/api/auth/google?redirect_uri={Uri.EscapeDataString(callbackPath)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new GoogleBrowser(response.Headers.Location!, TestAccounts.Cookies(response)["google_pkce"]);
    }

    /// <summary>
    /// The person starts at <paramref name="callbackPath"/>'s page, passes the hosted UI, then the frontend posts the
    /// code from the same browser. A sign-up page the gateway does not redirect to (e.g. /signup/admin) is reached
    /// by a hand-edited authorize URL.
    /// </summary>
    public async Task<HttpResponseMessage> Post(string route, string callbackPath, GoogleUser user)
    {
        var browser = await StartGoogle(GoogleEndpoints.CallbackPaths.Contains(callbackPath) ? callbackPath : "/signin");
        var code = await Hosted.IssueCode(user, browser.AuthorizeUrlFor(Callback(callbackPath)));
        return await PostCode(route, callbackPath, code, browser);
    }

    /// <summary>Posts <paramref name="code"/> as the frontend does, from <paramref name="browser"/> (null: a browser without the PKCE cookie).</summary>
    public async Task<HttpResponseMessage> PostCode(string route, string callbackPath, string code, GoogleBrowser? browser)
    {
        using var request = Request(
            HttpMethod.Post, $"/api/auth/google/{route}?callback_uri={Uri.EscapeDataString(callbackPath)}", content: JsonContent.Create(new { code }));
        if (browser is not null)
        {
            request.Headers.Add("Cookie", browser.CookieHeader);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The caller the bearer token stands for, as GET /api/users/current answers.</summary>
    public async Task<JsonElement> Current(string token)
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Get, "/api/users/current", token));
        return await ApiAssert.Json(response, HttpStatusCode.OK);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Hosted is not null)
        {
            await Hosted.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GoogleCollection : ICollectionFixture<GoogleStack>
{
    public const string Name = "google";
}
