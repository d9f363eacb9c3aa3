using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// Cognito tokens through the framework's JwtBearer handler: signature (RS256, the key the kid names, from
/// <see cref="CognitoSigningKeys"/>), issuer, lifetime, token_use and client id as validation parameters,
/// then the store check (<see cref="StoreCallerCheck"/>) in <c>OnTokenValidated</c>; 401 and 403 in the one
/// error shape. Three schemes read three places a token arrives:
/// </summary>
public static class CognitoAuthentication
{
    /// <summary>The access token in <c>Authorization: Bearer</c>: every protected route.</summary>
    public const string AccessToken = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The id_token cookie, unexpired: who the caller is on GET /api/users/current without a bearer token.</summary>
    public const string IdTokenCookie = "IdTokenCookie";

    /// <summary>The id_token cookie, expired or not: whose refresh_token the session routes present.</summary>
    public const string SessionCookie = "SessionCookie";

    public static IServiceCollection AddCognitoAuthentication(this IServiceCollection services)
    {
        services.AddHttpClient(CognitoSigningKeys.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<CognitoSigningKeys>();
        services.AddSingleton<StoreCallerCheck>();
        foreach (var scheme in (string[])[AccessToken, IdTokenCookie, SessionCookie])
        {
            services.AddKeyedSingleton(scheme, (provider, _) =>
                new VerifiedTokens(provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<CognitoSigningKeys>().Prepare));
        }

        services.AddAuthentication(AccessToken)
            .AddJwtBearer(AccessToken, _ => { })
            .AddJwtBearer(IdTokenCookie, _ => { })
            .AddJwtBearer(SessionCookie, _ => { });
        Configure(services, AccessToken, "access", validateLifetime: true);
        Configure(services, IdTokenCookie, "id", validateLifetime: true);
        Configure(services, SessionCookie, "id", validateLifetime: false);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AnyUser, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(UserRoles.Admin))
            .AddPolicy(Policies.CoordinatorOrAdmin, policy => policy.RequireRole(UserRoles.Coordinator, UserRoles.Admin));
        return services;
    }

    private static void Configure(IServiceCollection services, string scheme, string tokenUse, bool validateLifetime) =>
        services.AddOptions<JwtBearerOptions>(scheme).Configure<CognitoSigningKeys, HuuSettings, StoreCallerCheck, IServiceProvider>((options, keys, settings, callers, provider) =>
        {
            options.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(provider.GetRequiredKeyedService<VerifiedTokens>(scheme));

            // The endpoints that need the raw token (sign-out, refresh) read it from the authentication result.
            options.SaveToken = true;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.TokenIssuer,
                ValidateIssuer = true,
                ValidateAudience = true,
                AudienceValidator = (audiences, token, _) => IsOurs(token, tokenUse, audiences, settings.CognitoClientId),
                ValidateLifetime = validateLifetime,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                IssuerSigningKeyResolver = keys.Resolve,
                TryAllIssuerSigningKeys = false,
                RoleClaimType = ClaimTypes.Role,
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var token = scheme == AccessToken ? BearerToken(context) : context.Request.Cookies[SessionCookies.IdToken];
                    if (context.Result is not null)
                    {
                        return Task.CompletedTask;
                    }

                    if (string.IsNullOrEmpty(token))
                    {
                        context.NoResult();
                        return Task.CompletedTask;
                    }

                    context.Token = token;
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
                    var token = (JsonWebToken)context.SecurityToken;
                    if (await callers.Check(context.Principal!, token, grains) is { } refusal)
                    {
                        // A session whose verified id token names no stored user: the session routes answer AUTH005 (API.md).
                        if (scheme == SessionCookie && !await callers.IsBound(token, grains) && token.TryGetPayloadValue<string>("email", out var email) && email is not null)
                        {
                            context.Fail(new SubjectNotStoredException(email, refusal));
                        }
                        else
                        {
                            context.Fail(refusal);
                        }
                    }
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await ApiError.Write(context.HttpContext, 401, ErrorCodes.Unauthenticated, TokenFailures.Message(context.AuthenticateFailure));
                },
                OnForbidden = context => ApiError.Write(context.HttpContext, 403, ErrorCodes.Forbidden, "Your role does not allow this"),
            };
        });

    /// <summary>The bearer token; an Authorization header of another kind is "Invalid token", not a missing one.</summary>
    private static string? BearerToken(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return null;
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail(TokenFailures.Invalid);
            return null;
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0)
        {
            context.Fail(TokenFailures.Invalid);
        }

        return token;
    }

    /// <summary>token_use and client id: access tokens name our client in client_id, id tokens in aud.</summary>
    private static bool IsOurs(SecurityToken token, string tokenUse, IEnumerable<string> audiences, string clientId) =>
        token is JsonWebToken jwt
        && jwt.TryGetPayloadValue<string>("token_use", out var use) && use == tokenUse
        && (tokenUse == "access"
            ? jwt.TryGetPayloadValue<string>("client_id", out var client) && client == clientId
            : audiences.Contains(clientId, StringComparer.Ordinal));
}

/// <summary>A verified id token whose subject no stored user has (an account made in Cognito alone); says "Invalid token" elsewhere.</summary>
public sealed class SubjectNotStoredException(string email, string message) : AuthenticationFailureException(message)
{
    public string Email { get; } = email;
}
