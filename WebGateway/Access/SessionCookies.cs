namespace HomeUniteUs.WebGateway.Access;

/// <summary>The id_token and refresh_token cookies: HttpOnly, SameSite=Lax, Path=/, Secure behind https.</summary>
public static class SessionCookies
{
    public const string IdToken = "id_token";
    public const string RefreshToken = "refresh_token";

    /// <summary>Cognito's default refresh-token lifetime; the browser may keep the cookies that long.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public static void Set(HttpResponse response, HuuSettings settings, AuthTokens tokens)
    {
        response.Cookies.Append(IdToken, tokens.IdToken, Options(settings));
        if (tokens.RefreshToken is not null)
        {
            response.Cookies.Append(RefreshToken, tokens.RefreshToken, Options(settings));
        }
    }

    public static void Clear(HttpResponse response, HuuSettings settings)
    {
        response.Cookies.Delete(IdToken, Options(settings));
        response.Cookies.Delete(RefreshToken, Options(settings));
    }

    private static CookieOptions Options(HuuSettings settings) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Secure = settings.RootUrl.Scheme == Uri.UriSchemeHttps,
        MaxAge = Lifetime,
    };
}
