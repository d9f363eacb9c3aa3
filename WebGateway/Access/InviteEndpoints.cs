using HomeUniteUs.WebGateway.Idempotency;
namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// The invite flow under /api/auth: a coordinator or admin invites a guest (or a host or coordinator, into an org
/// by API.md's rules); the person follows the
/// mail's link with the temporary password (confirm-invite) and answers the NEW_PASSWORD_REQUIRED
/// challenge (new-password), which signs them in.
/// </summary>
public static class InviteEndpoints
{
    public static IEndpointRouteBuilder MapInviteApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable);
        auth.MapPost("/invite", Invite).RequireCaller(Policies.CoordinatorOrAdmin).WithIdempotencyKey().ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        auth.MapPost("/confirm-invite", ConfirmInvitePost).Produces(StatusCodes.Status302Found).ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        auth.MapGet("/confirm-invite", ConfirmInviteGet).Produces(StatusCodes.Status302Found).ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict);
        auth.MapPost("/new-password", NewPassword).ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Ok<MessageDto>> Invite(InviteRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var command = new InviteCommand(request.Email, request.FirstName, TrimmedStringConverter.NullIfBlank(request.MiddleName),
            TrimmedStringConverter.NullIfBlank(request.LastName), user.Caller(),
            OneOfAttribute.Canonical(request.Role, UserRoles.All) ?? UserRoles.Guest, request.HousingOrgId, request.NamesOrg);
        await AuthEndpoints.Person(grains, request.Email).Invite(command);
        return TypedResults.Ok(new MessageDto("Invitation sent"));
    }

    private static Task<RedirectHttpResult> ConfirmInvitePost(SignInRequest request, IGrainFactory grains, HuuSettings settings) =>
        ConfirmInvite(request.Email, request.Password, grains, settings);

    /// <summary>The invite mail's link. Its query carries the temporary password: never logged.</summary>
    private static Task<RedirectHttpResult> ConfirmInviteGet([AsParameters] ConfirmInviteQuery query, IGrainFactory grains, HuuSettings settings) =>
        ConfirmInvite(query.Email!, query.Password!.Trim(), grains, settings);

    private static async Task<RedirectHttpResult> ConfirmInvite(string email, string temporaryPassword, IGrainFactory grains, HuuSettings settings) =>
        TypedResults.Redirect(AuthEndpoints.CreatePasswordUrl(settings, await AuthEndpoints.Person(grains, email).AcceptInvite(temporaryPassword)));

    private static async Task<Ok<SessionDto>> NewPassword(NewPasswordRequest request, IGrainFactory grains, HuuSettings settings, HttpResponse response)
    {
        var person = await grains.IdentityOfChallengeUser(request.UserId);
        var outcome = await person.NewPassword(request.Password, request.SessionId);
        SessionCookies.Set(response, settings, outcome.Tokens!);
        var tokens = outcome.Tokens!;
        return TypedResults.Ok(new SessionDto(UserDto.From(outcome.User!), tokens.AccessToken, tokens.IdToken, tokens.RefreshToken));
    }
}
