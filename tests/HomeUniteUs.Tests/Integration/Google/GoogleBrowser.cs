using Microsoft.AspNetCore.WebUtilities;

namespace HomeUniteUs.Tests.Integration.Google;

/// <summary>
/// A browser that started "Continue with Google": where <c>GET /api/auth/google</c> sent it (the hosted UI's
/// authorize URL) and the PKCE cookie that answer set, which the browser sends back with the code.
/// </summary>
public sealed record GoogleBrowser(Uri AuthorizeUrl, string PkceCookie)
{
    /// <summary>The Cookie header this browser sends to the auth routes.</summary>
    public string CookieHeader => $"google_pkce={PkceCookie}";

    /// <summary>The authorize URL with another redirect URI, as a hand-edited link would carry (the stand-in accepts any).</summary>
    public Uri AuthorizeUrlFor(string redirectUri)
    {
        var query = QueryHelpers.ParseQuery(AuthorizeUrl.Query);
        query["redirect_uri"] = redirectUri;
        return new Uri(QueryHelpers.AddQueryString(AuthorizeUrl.GetLeftPart(UriPartial.Path), query));
    }
}
