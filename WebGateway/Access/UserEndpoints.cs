using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/users: the caller, and deletion by an admin.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        users.MapGet("/current", Current).ProducesErrors(StatusCodes.Status401Unauthorized);
        users.MapDelete("/{userId}", Delete).RequireCaller(Policies.Admin)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
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

        throw new HuuException(401, ErrorCodes.Unauthenticated, "Missing id token");
    }

    /// <summary>The user grain has every gateway drop its verdicts on the user's tokens before the deletion is acknowledged.</summary>
    private static async Task<Ok<MessageDto>> Delete(PathId userId, IGrainFactory grains)
    {
        var person = await grains.IdentityOfUser(userId)
            ?? throw HuuException.NotFound($"User with id {userId} does not exist.");
        await person.Delete();
        return TypedResults.Ok(new MessageDto("User deleted successfully"));
    }
}
