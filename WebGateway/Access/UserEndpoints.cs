using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/users: the caller, a person in reach, housing org membership, and deletion by an admin or the lead of the person's org.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        users.MapGet("/current", Current).ProducesErrors(StatusCodes.Status401Unauthorized);
        users.MapGet("/{userId}", Get).RequireCaller(Policies.AnyUser)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        users.MapPut("/{userId}/housing-org", ChangeMembership).RequireCaller(Policies.AnyUser).WithMetadata(new ReachOfPersonDecidedByGrain())
            .ProducesErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        users.MapDelete("/{userId}", Delete).RequireCaller(Policies.CoordinatorOrAdmin)
            .ProducesErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The caller by bearer token, or else by the id_token cookie (both checked against the store, sign-out included).</summary>
    private static async Task<JsonBytesResult<UserDto>> Current(HttpContext context, IGrainFactory grains, CurrentUserReadCache users)
    {
        var principal = context.User.Identity?.IsAuthenticated == true
            ? context.User
            : (await context.AuthenticateAsync(CognitoAuthentication.IdTokenCookie)).Principal;
        if (principal?.Identity?.IsAuthenticated == true && await users.Get(principal.Caller().UserId, grains) is { } user)
        {
            return new(user);
        }

        throw new HuuException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, "Missing id token");
    }

    /// <summary>The person themselves, or a caller whose reach includes them; anyone else gets the 404 of an unknown id.</summary>
    private static async Task<Ok<UserDto>> Get(PathId userId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var person = grains.GetGrain<IUserGrain>(userId);
        return await person.Get() is { } found && await person.ReachedBy(user.Caller())
            ? TypedResults.Ok(UserDto.From(found))
            : throw UnknownUser(userId);
    }

    private static async Task<Ok<UserDto>> ChangeMembership(PathId userId, MembershipRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(UserDto.From(await grains.GetGrain<IUserGrain>(userId).ChangeMembership(user.Caller(), request.ToChange())));

    /// <summary>
    /// An admin, or the lead of the person's housing org (not themselves); a coordinator outside reach gets the 404 of an
    /// unknown id. The user grain has every gateway drop its verdicts on the user's tokens before the deletion is acknowledged.
    /// </summary>
    private static async Task<Ok<MessageDto>> Delete(PathId userId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = user.Caller();
        if (!caller.IsAdmin)
        {
            // Only a lead may get further than 403; for them, someone outside reach is the 404 of an unknown id.
            var by = await grains.GetGrain<IUserGrain>(caller.UserId).Get();
            if (by is not { Lead: true })
            {
                throw HuuException.Forbidden("Only an admin or the lead of the person's housing org may delete them");
            }

            var target = await grains.GetGrain<IUserGrain>(userId).Get();
            if (target is null || !Reach.Includes(by.Scope, target.Scope))
            {
                throw UnknownUser(userId);
            }

            if (!Reach.LeadsOrgOf(by.Scope, target.Scope))
            {
                throw HuuException.Forbidden("Only an admin or the lead of the person's housing org may delete them");
            }
        }

        var person = await grains.IdentityOfUser(userId) ?? throw UnknownUser(userId);
        await person.Delete();
        return TypedResults.Ok(new MessageDto("User deleted successfully"));
    }

    private static HuuException UnknownUser(long userId) => HuuException.NotFound($"User with id {userId} does not exist.");
}
