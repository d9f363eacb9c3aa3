using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// PKCE (RFC 7636, S256) of "Continue with Google", which ties a code to the browser that asked for it.
/// <c>GET /api/auth/google</c> makes a fresh verifier, puts its SHA-256 (the code challenge) in the authorize URL and
/// the verifier itself in an HttpOnly, SameSite=Lax cookie of that browser; the code routes send the cookie's
/// verifier with the code exchange, and the token endpoint redeems a code only with the verifier of its challenge.
/// A code someone else obtained, posted by another browser (login CSRF), is refused. The cookie holds the raw
/// verifier: no other site can read or set it, and any gateway process can read it back (no key ring to share).
/// </summary>
public static partial class GooglePkce
{
    public const string CookieName = "google_pkce";

    /// <summary>The cookie rides only on the auth routes.</summary>
    private const string CookiePath = "/api/auth";

    /// <summary>How long a browser may spend in the hosted UI before it must start again.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Sets a fresh verifier's cookie and answers the code challenge for the authorize URL.</summary>
    public static string Begin(HttpResponse response, HuuSettings settings)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        response.Cookies.Append(CookieName, verifier, Options(settings));
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>
    /// The verifier of this browser's cookie, which the answer clears whatever it is (a code is tried once); without
    /// a well-formed one the answer is 400 OAUTH_INVALID_CODE and no exchange is attempted.
    /// </summary>
    public static string Take(HttpContext context, HuuSettings settings)
    {
        // When the answer starts: the error middleware clears the headers of a failed answer, and this must survive it.
        context.Response.OnStarting(() =>
        {
            context.Response.Cookies.Delete(CookieName, Options(settings));
            return Task.CompletedTask;
        });
        return context.Request.Cookies[CookieName] is { } verifier && Verifier().IsMatch(verifier)
            ? verifier
            : throw new HuuException(ErrorKind.Rejected, ErrorCodes.OAuthInvalidCode, "This browser did not start a Google sign-in, or took too long: please try again");
    }

    private static CookieOptions Options(HuuSettings settings) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = CookiePath,
        Secure = settings.RootUrl.Scheme == Uri.UriSchemeHttps,
        MaxAge = Lifetime,
    };

    /// <summary>RFC 7636's code verifier: 43 to 128 unreserved characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Verifier();
}
