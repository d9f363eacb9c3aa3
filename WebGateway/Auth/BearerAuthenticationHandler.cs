using System.Security.Claims;
using System.Text.Encodings.Web;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// Authenticates `Authorization: Bearer &lt;access token&gt;` with <see cref="AccessTokenValidator"/>
/// and writes 401/403 in the one error shape.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenValidator validator,
    ICallerCheck callerCheck) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CognitoBearer";
    private const string FailureKey = "huu.auth.failure";
    private const string VerifiedTokenKey = "huu.auth.token";

    /// <summary>The verified access token of the request, when it has one.</summary>
    public static JsonWebToken? VerifiedToken(HttpContext context) => context.Items[VerifiedTokenKey] as JsonWebToken;

    /// <summary>Why authentication failed, for routes that answer it themselves.</summary>
    public static string? Failure(HttpContext context) => context.Items[FailureKey] as string;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("Invalid token");
        }

        var check = await validator.ValidateAccessToken(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (check.Token is null)
        {
            return Fail(check.FailureMessage);
        }

        var token = check.Token;
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim("sub", token.Subject));
        identity.AddClaim(new Claim(ClaimTypes.Name, token.TryGetClaim("username", out var username) ? username.Value : token.Subject));
        foreach (var group in token.Claims.Where(c => c.Type == "cognito:groups"))
        {
            if (UserRoles.FromGroup(group.Value) is { } role)
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, role));
            }
        }

        var principal = new ClaimsPrincipal(identity);
        Context.Items[VerifiedTokenKey] = token;
        var refusal = await callerCheck.Check(principal, token, Context.RequestAborted);
        return refusal is null
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
            : Fail(refusal);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var message = Context.Items[FailureKey] as string ?? "Missing access token (Authorization: Bearer)";
        return ApiError.Write(Context, 401, ErrorCodes.Unauthenticated, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiError.Write(Context, 403, ErrorCodes.Forbidden, "Your role does not allow this");

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureKey] = message;
        return AuthenticateResult.Fail(message);
    }
}
