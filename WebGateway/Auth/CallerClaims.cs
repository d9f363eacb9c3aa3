namespace HomeUniteUs.WebGateway.Auth;

/// <summary>The claims the gateway puts on an authenticated caller, and the <see cref="Caller"/> grains receive.</summary>
public static class CallerClaims
{
    /// <summary>Our integer user id (from the store, never from the token).</summary>
    public const string UserId = "huu:uid";

    public static Caller Caller(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirst(UserId)?.Value;
        var role = principal.FindFirst(ClaimTypes.Role)?.Value;
        return id is not null && role is not null && long.TryParse(id, out var userId)
            ? new Caller(userId, role)
            : throw new HuuException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, "Missing access token (Authorization: Bearer)");
    }
}
