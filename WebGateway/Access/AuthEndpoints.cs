using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Configuration;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/auth: each route binds and checks its input, then hands the flow to the person's Cognito grain.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/signup", SignUp).Accepts<SignUpRequest>("application/json");
        auth.MapGet("/signup/confirm", ConfirmSignUp);
        auth.MapPost("/resend_confirmation_code", ResendConfirmationCode).Accepts<EmailRequest>("application/json");
        auth.MapPost("/signin", SignIn).Accepts<SignInRequest>("application/json");
        auth.MapPost("/signout", SignOut);
        auth.MapGet("/session", Session);
        auth.MapGet("/refresh", Refresh);
        auth.MapPost("/forgot-password", ForgotPassword).Accepts<EmailRequest>("application/json");
        auth.MapPost("/forgot-password/confirm", ConfirmForgotPassword).Accepts<ConfirmForgotPasswordRequest>("application/json");
        auth.MapGet("/secret", () => TypedResults.Ok(new MessageDto("Welcome, this is a protected route"))).RequireAuthorization(Policies.AnyUser);
        return app;
    }

    internal static ICognitoGrain Person(ClusterClientHost cluster, string email) =>
        cluster.Grains.GetGrain<ICognitoGrain>(NormalizedEmail(email));

    public static string NormalizedEmail(string email) => email.Trim().ToLowerInvariant();

    private static async Task<Ok<MessageDto>> SignUp(HttpRequest request, ClusterClientHost cluster)
    {
        var body = await JsonBody.Read(request);
        var email = body.Email("email");
        var password = body.String("password", required: true, maxLength: 256, nonBlank: false);
        var firstName = body.String("firstName", required: true, maxLength: 100);
        var middleName = body.String("middleName", required: false, maxLength: 100);
        var lastName = body.String("lastName", required: false, maxLength: 100);
        var role = body.OneOf("role", required: true, [.. UserRoles.All]);
        body.ThrowIfInvalid();
        await Person(cluster, email!).SignUp(new SignUpCommand(email!, password!, firstName!, middleName, lastName, role!));
        return TypedResults.Ok(new MessageDto("User sign up successful"));
    }

    private static async Task<RedirectHttpResult> ConfirmSignUp(HttpRequest request, ClusterClientHost cluster, HuuSettings settings)
    {
        var query = FieldReader.FromQuery(request.Query);
        var code = query.String("code", required: true, maxLength: 256);
        var email = query.Email("email");
        query.ThrowIfInvalid();

        try
        {
            await Person(cluster, email!).ConfirmSignUp(code!);
        }
        catch (HuuException e) when (e.Code.StartsWith("COGNITO_", StringComparison.Ordinal) || e.Code == ErrorCodes.UserNotFound)
        {
            var name = e.Code == ErrorCodes.UserNotFound ? "UserNotFoundException" : e.Code["COGNITO_".Length..];
            return TypedResults.Redirect(RootUrl(settings, "email-verification-error?code=" + Uri.EscapeDataString(name)));
        }

        return TypedResults.Redirect(RootUrl(settings, "email-verification-success"));
    }

    private static async Task<Ok<MessageDto>> ResendConfirmationCode(HttpRequest request, ClusterClientHost cluster)
    {
        var body = await JsonBody.Read(request);
        var email = body.Email("email");
        body.ThrowIfInvalid();
        await Person(cluster, email!).ResendConfirmationCode();
        return TypedResults.Ok(new MessageDto("Confirmation code has been resent to your email"));
    }

    private static async Task<Results<Ok<SignInDto>, RedirectHttpResult>> SignIn(HttpRequest request, ClusterClientHost cluster, HuuSettings settings)
    {
        var (email, password) = await Credentials(request);
        var outcome = await Person(cluster, email).SignIn(password);
        if (outcome.ChallengeUserId is not null)
        {
            return TypedResults.Redirect(CreatePasswordUrl(settings, outcome));
        }

        SessionCookies.Set(request.HttpContext.Response, settings, outcome.Tokens!);
        return TypedResults.Ok(new SignInDto(UserDto.From(outcome.User!), outcome.Tokens!.AccessToken));
    }

    private static async Task<Ok<MessageDto>> SignOut(HttpContext context, ClusterClientHost cluster, HuuSettings settings, StoreCallerCheck callers)
    {
        var result = await context.AuthenticateAsync(BearerAuthenticationHandler.SchemeName);
        var token = BearerAuthenticationHandler.VerifiedToken(context);
        if (!result.Succeeded || token is null)
        {
            throw new HuuException(401, ErrorCodes.WrongCredentials, BearerAuthenticationHandler.Failure(context) ?? "Missing access token (Authorization: Bearer)");
        }

        var caller = result.Principal!.Caller();
        var email = result.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value
            ?? throw new HuuException(401, ErrorCodes.WrongCredentials, "Invalid token");
        try
        {
            await Person(cluster, email).SignOut(token.EncodedToken, StoreCallerCheck.Facts(token), caller.UserId);
        }
        finally
        {
            callers.Forget(caller.UserId);
        }

        SessionCookies.Clear(context.Response, settings);
        return TypedResults.Ok(new MessageDto("User signed out successfully"));
    }

    private static async Task<Ok<SessionDto>> Session(HttpContext context, ClusterClientHost cluster, HuuSettings settings, AccessTokenValidator validator)
    {
        var outcome = await RefreshFromCookies(context, cluster, validator);
        SessionCookies.Set(context.Response, settings, outcome.Tokens!);
        var tokens = outcome.Tokens!;
        return TypedResults.Ok(new SessionDto(UserDto.From(outcome.User!), tokens.AccessToken, tokens.IdToken, tokens.RefreshToken));
    }

    private static async Task<Ok<SessionDto>> Refresh(HttpContext context, ClusterClientHost cluster, HuuSettings settings, AccessTokenValidator validator)
    {
        var outcome = await RefreshFromCookies(context, cluster, validator);
        SessionCookies.Set(context.Response, settings, outcome.Tokens!);
        var tokens = outcome.Tokens!;
        return TypedResults.Ok(new SessionDto(null, tokens.AccessToken, tokens.IdToken, tokens.RefreshToken));
    }

    private static async Task<Ok<MessageDto>> ForgotPassword(HttpRequest request, ClusterClientHost cluster)
    {
        var body = await JsonBody.Read(request);
        var email = body.Email("email");
        body.ThrowIfInvalid();
        await Person(cluster, email!).ForgotPassword();
        return TypedResults.Ok(new MessageDto("Password reset instructions sent"));
    }

    private static async Task<Ok<MessageDto>> ConfirmForgotPassword(HttpRequest request, ClusterClientHost cluster)
    {
        var body = await JsonBody.Read(request);
        var email = body.Email("email");
        var code = body.String("code", required: true, maxLength: 64);
        var password = body.String("password", required: true, maxLength: 256, nonBlank: false);
        body.ThrowIfInvalid();
        await Person(cluster, email!).ConfirmForgotPassword(code!, password!);
        return TypedResults.Ok(new MessageDto("Password reset successful"));
    }

    internal static async Task<(string Email, string Password)> Credentials(HttpRequest request)
    {
        var body = await JsonBody.Read(request);
        var email = body.Email("email");
        var password = body.String("password", required: true, maxLength: 256, nonBlank: false);
        body.ThrowIfInvalid();
        return (email!, password!);
    }

    /// <summary>Identifies the person by the id_token cookie (expired is fine) and refreshes with the refresh_token cookie.</summary>
    private static async Task<SignInOutcome> RefreshFromCookies(HttpContext context, ClusterClientHost cluster, AccessTokenValidator validator)
    {
        var idToken = context.Request.Cookies[SessionCookies.IdToken];
        var refreshToken = context.Request.Cookies[SessionCookies.RefreshToken];
        if (string.IsNullOrEmpty(idToken) || string.IsNullOrEmpty(refreshToken))
        {
            throw new HuuException(401, ErrorCodes.Unauthenticated, "Missing refresh token or id token");
        }

        var check = await validator.ValidateIdToken(idToken, context.RequestAborted, allowExpired: true);
        if (check.Token is not { } token)
        {
            throw new HuuException(401, ErrorCodes.Unauthenticated, "Invalid token");
        }

        var email = token.TryGetClaim("email", out var emailClaim) ? emailClaim.Value
            : (await cluster.Grains.GetGrain<ISubjectGrain>(token.Subject).Get())?.Email
                ?? throw new HuuException(401, ErrorCodes.Unauthenticated, "Invalid token");
        var cognitoUsername = token.TryGetClaim("cognito:username", out var username) ? username.Value : null;
        return await Person(cluster, email).Refresh(refreshToken, cognitoUsername);
    }

    internal static string CreatePasswordUrl(HuuSettings settings, SignInOutcome challenge) =>
        RootUrl(settings, $"create-password?userId={Uri.EscapeDataString(challenge.ChallengeUserId!)}&sessionId={Uri.EscapeDataString(challenge.Session!)}");

    internal static string RootUrl(HuuSettings settings, string pathAndQuery) =>
        settings.RootUrl.ToString().TrimEnd('/') + "/" + pathAndQuery;
}

/// <summary>Request bodies, for the OpenAPI document (the routes bind them field by field).</summary>
public sealed record SignUpRequest(string Email, string Password, string FirstName, string? MiddleName, string? LastName, string Role);

public sealed record SignInRequest(string Email, string Password);

public sealed record EmailRequest(string Email);

public sealed record ConfirmForgotPasswordRequest(string Email, string Code, string Password);
