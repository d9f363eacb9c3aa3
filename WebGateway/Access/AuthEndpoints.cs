using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Idempotency;
namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/auth: each route binds its validated request, then hands the flow to the person's Cognito grain.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable);
        auth.MapPost("/signup", SignUp).WithIdempotencyKey().ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status403Forbidden, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        auth.MapGet("/signup/confirm", ConfirmSignUp).Produces(StatusCodes.Status302Found).ProducesErrors(StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/resend_confirmation_code", ResendConfirmationCode)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/signin", SignIn).RerunIfASiloLeaves()
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/signout", SignOut).ProducesErrors(StatusCodes.Status401Unauthorized);
        auth.MapGet("/session", Session).ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        auth.MapGet("/refresh", Refresh).ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        auth.MapPost("/forgot-password", ForgotPassword).ProducesErrors(StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/forgot-password/confirm", ConfirmForgotPassword).ProducesErrors(StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        auth.MapGet("/secret", () => TypedResults.Ok(new MessageDto("Welcome, this is a protected route"))).RequireCaller(Policies.AnyUser);
        return app;
    }

    internal static IIdentityFlowGrain Person(IGrainFactory grains, string email) => grains.IdentityOf(email);

    private static async Task<Ok<MessageDto>> SignUp(SignUpRequest request, IGrainFactory grains)
    {
        var role = OneOfAttribute.Canonical(request.Role, UserRoles.All)!;
        await Person(grains, request.Email).SignUp(new SignUpCommand(request.Email, request.Password, request.FirstName,
            TrimmedStringConverter.NullIfBlank(request.MiddleName), TrimmedStringConverter.NullIfBlank(request.LastName), role, request.HousingOrgId));
        return TypedResults.Ok(new MessageDto("User sign up successful"));
    }

    private static async Task<RedirectHttpResult> ConfirmSignUp([AsParameters] ConfirmSignUpQuery query, IGrainFactory grains, HuuSettings settings)
    {
        var refusal = await Person(grains, query.Email!).ConfirmSignUp(query.Code!.Trim());
        return TypedResults.Redirect(RootUrl(settings, refusal is null
            ? "email-verification-success"
            : "email-verification-error?code=" + Uri.EscapeDataString(refusal)));
    }

    private static async Task<Ok<MessageDto>> ResendConfirmationCode(EmailRequest request, IGrainFactory grains)
    {
        await Person(grains, request.Email).ResendConfirmationCode();
        return TypedResults.Ok(new MessageDto("Confirmation code has been resent to your email"));
    }

    private static async Task<Results<Ok<SignInDto>, RedirectHttpResult>> SignIn(SignInRequest request, IGrainFactory grains, HuuSettings settings, HttpResponse response)
    {
        var outcome = await Person(grains, request.Email).SignIn(request.Password);
        if (outcome.ChallengeUserId is not null)
        {
            return TypedResults.Redirect(CreatePasswordUrl(settings, outcome));
        }

        SessionCookies.Set(response, settings, outcome.Tokens!);
        return TypedResults.Ok(new SignInDto(UserDto.From(outcome.User!), outcome.Tokens!.AccessToken));
    }

    /// <summary>Needs a valid bearer token like a protected route, but answers its absence with AUTH001 (API.md).</summary>
    private static async Task<Ok<MessageDto>> SignOut(HttpContext context, IGrainFactory grains, HuuSettings settings)
    {
        var result = await context.AuthenticateAsync(CognitoAuthentication.AccessToken);
        if (!result.Succeeded || VerifiedToken.Of(result) is not { } accessToken)
        {
            throw new HuuException(ErrorKind.Unauthenticated, ErrorCodes.WrongCredentials, TokenFailures.Message(result.Failure));
        }

        var caller = result.Principal.Caller();
        var email = result.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value
            ?? throw new HuuException(ErrorKind.Unauthenticated, ErrorCodes.WrongCredentials, TokenFailures.Invalid);
        // The user grain has every gateway drop its verdicts on this user before it answers.
        await Person(grains, email).SignOut(accessToken, StoreCallerCheck.Facts(new JsonWebToken(accessToken)), caller.UserId);

        SessionCookies.Clear(context.Response, settings);
        return TypedResults.Ok(new MessageDto("User signed out successfully"));
    }

    private static Task<Ok<SessionDto>> Session(HttpContext context, IGrainFactory grains, HuuSettings settings, StoreCallerCheck callers) =>
        RenewFromCookies(context, grains, settings, callers, withUser: true);

    private static Task<Ok<SessionDto>> Refresh(HttpContext context, IGrainFactory grains, HuuSettings settings, StoreCallerCheck callers) =>
        RenewFromCookies(context, grains, settings, callers, withUser: false);

    private static async Task<Ok<MessageDto>> ForgotPassword(EmailRequest request, IGrainFactory grains)
    {
        await Person(grains, request.Email).ForgotPassword();
        return TypedResults.Ok(new MessageDto("Password reset instructions sent"));
    }

    private static async Task<Ok<MessageDto>> ConfirmForgotPassword(ConfirmForgotPasswordRequest request, IGrainFactory grains)
    {
        await Person(grains, request.Email).ConfirmForgotPassword(request.Code, request.Password);
        return TypedResults.Ok(new MessageDto("Password reset successful"));
    }

    /// <summary>
    /// Identifies the person by the id_token cookie (expired is fine; signed out is not) and refreshes with the
    /// refresh_token cookie, then sets the new cookies; the session and refresh routes differ only in
    /// <paramref name="withUser"/>. The new tokens belong to the refresh token's session: one that was signed out is refused.
    /// </summary>
    private static async Task<Ok<SessionDto>> RenewFromCookies(HttpContext context, IGrainFactory grains, HuuSettings settings, StoreCallerCheck callers, bool withUser)
    {
        var refreshToken = context.Request.Cookies[SessionCookies.RefreshToken];
        if (string.IsNullOrEmpty(context.Request.Cookies[SessionCookies.IdToken]) || string.IsNullOrEmpty(refreshToken))
        {
            throw new HuuException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, "Missing refresh token or id token");
        }

        var result = await context.AuthenticateAsync(CognitoAuthentication.SessionCookie);
        string email;
        if (result.Failure is SubjectNotStoredException notStored)
        {
            // Verified, but no stored user has its subject: the refresh below finds the account by email, else AUTH005.
            email = notStored.Email;
        }
        else if (!result.Succeeded || result.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value is not { } stored)
        {
            throw new HuuException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, TokenFailures.Invalid);
        }
        else
        {
            email = stored;
        }

        var idToken = new JsonWebToken(context.Request.Cookies[SessionCookies.IdToken]);
        var cognitoUsername = idToken.TryGetClaim("cognito:username", out var username) ? username.Value : null;
        var outcome = await Person(grains, email).Refresh(refreshToken, cognitoUsername);
        if (!await callers.Accepts(new JsonWebToken(outcome.Tokens!.AccessToken), grains))
        {
            throw new HuuException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, "Invalid refresh token");
        }

        var tokens = outcome.Tokens!;
        SessionCookies.Set(context.Response, settings, tokens);
        return TypedResults.Ok(new SessionDto(withUser ? UserDto.From(outcome.User!) : null, tokens.AccessToken, tokens.IdToken, tokens.RefreshToken));
    }

    internal static string CreatePasswordUrl(HuuSettings settings, SignInOutcome challenge) =>
        RootUrl(settings, $"create-password?userId={Uri.EscapeDataString(challenge.ChallengeUserId!)}&sessionId={Uri.EscapeDataString(challenge.Session!)}");

    internal static string RootUrl(HuuSettings settings, string pathAndQuery) =>
        settings.RootUrl.ToString().TrimEnd('/') + "/" + pathAndQuery;
}
