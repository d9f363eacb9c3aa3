namespace HomeUniteUs.WebGateway.Auth;

/// <summary>The 401 message API.md gives for why a token was not accepted.</summary>
public static class TokenFailures
{
    public const string MissingAccessToken = "Missing access token (Authorization: Bearer)";
    public const string Expired = "Token expired";
    public const string Invalid = "Invalid token";

    public static string Message(Exception? failure) => failure switch
    {
        null => MissingAccessToken,
        SecurityTokenExpiredException => Expired,
        AuthenticationFailureException refused => refused.Message,
        _ => Invalid,
    };
}
