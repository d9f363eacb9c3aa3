using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/users: the caller, and deletion by an admin.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users");
        users.MapGet("/current", Current);
        users.MapDelete("/{userId}", Delete).RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>The caller by bearer token, or else by the id_token cookie.</summary>
    private static async Task<JsonBytesResult<UserDto>> Current(HttpContext context, ClusterClientHost cluster, AccessTokenValidator validator, CurrentUserReadCache users)
    {
        if (context.User.Identity?.IsAuthenticated == true && await users.Get(context.User.Caller().UserId) is { } user)
        {
            return new(user);
        }

        var idToken = context.Request.Cookies[SessionCookies.IdToken];
        if (!string.IsNullOrEmpty(idToken) && (await validator.ValidateIdToken(idToken, context.RequestAborted)).Token is { } token
            && await cluster.Grains.GetGrain<ISubjectGrain>(token.Subject).Get() is { } binding
            && await cluster.Grains.GetGrain<IUserGrain>(binding.UserId).Get() is { } cookieUser)
        {
            return new(users.Serialize(cookieUser));
        }

        throw new HuuException(401, ErrorCodes.Unauthenticated, "Missing id token");
    }

    private static async Task<Ok<MessageDto>> Delete(string userId, ClusterClientHost cluster, StoreCallerCheck callers)
    {
        var id = PathIds.Parse(userId, "userId");
        var user = await cluster.Grains.GetGrain<IUserGrain>(id).Get()
            ?? throw HuuException.NotFound($"User with id {id} does not exist.");
        await cluster.Grains.GetGrain<ICognitoGrain>(AuthEndpoints.NormalizedEmail(user.Email)).Delete();
        callers.Forget(id);
        return TypedResults.Ok(new MessageDto("User deleted successfully"));
    }
}
