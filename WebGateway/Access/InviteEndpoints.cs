using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Configuration;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// The invite flow under /api/auth: a coordinator or admin invites a guest; the guest follows the
/// mail's link with the temporary password (confirm-invite) and answers the NEW_PASSWORD_REQUIRED
/// challenge (new-password), which signs them in.
/// </summary>
public static class InviteEndpoints
{
    public static IEndpointRouteBuilder MapInviteApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/invite", Invite).RequireAuthorization(Policies.CoordinatorOrAdmin).Accepts<InviteRequest>("application/json");
        auth.MapPost("/confirm-invite", ConfirmInvitePost).Accepts<SignInRequest>("application/json");
        auth.MapGet("/confirm-invite", ConfirmInviteGet);
        auth.MapPost("/new-password", NewPassword).Accepts<NewPasswordRequest>("application/json");
        return app;
    }

    private static async Task<Ok<MessageDto>> Invite(HttpRequest request, ClusterClientHost cluster)
    {
        var body = await JsonBody.Read(request);
        var email = body.Email("email");
        var firstName = body.String("firstName", required: true, maxLength: 100);
        var middleName = body.String("middleName", required: false, maxLength: 100);
        var lastName = body.String("lastName", required: false, maxLength: 100);
        body.ThrowIfInvalid();
        var caller = request.HttpContext.User.Caller();
        await AuthEndpoints.Person(cluster, email!).Invite(new InviteCommand(email!, firstName!, middleName, lastName, caller));
        return TypedResults.Ok(new MessageDto("Invitation sent"));
    }

    private static async Task<RedirectHttpResult> ConfirmInvitePost(HttpRequest request, ClusterClientHost cluster, HuuSettings settings)
    {
        var (email, password) = await AuthEndpoints.Credentials(request);
        return await ConfirmInvite(email, password, cluster, settings);
    }

    /// <summary>The invite mail's link. Its query carries the temporary password: never logged.</summary>
    private static async Task<RedirectHttpResult> ConfirmInviteGet(HttpRequest request, ClusterClientHost cluster, HuuSettings settings)
    {
        var query = FieldReader.FromQuery(request.Query);
        var email = query.Email("email");
        var password = query.String("password", required: true, maxLength: 256);
        query.ThrowIfInvalid();
        return await ConfirmInvite(email!, password!, cluster, settings);
    }

    private static async Task<RedirectHttpResult> ConfirmInvite(string email, string temporaryPassword, ClusterClientHost cluster, HuuSettings settings) =>
        TypedResults.Redirect(AuthEndpoints.CreatePasswordUrl(settings, await AuthEndpoints.Person(cluster, email).AcceptInvite(temporaryPassword)));

    private static async Task<Ok<SessionDto>> NewPassword(HttpRequest request, ClusterClientHost cluster, HuuSettings settings)
    {
        var body = await JsonBody.Read(request);
        var userId = body.String("userId", required: true, maxLength: 256);
        var password = body.String("password", required: true, maxLength: 256, nonBlank: false);
        var session = body.String("sessionId", required: true, maxLength: 8192);
        body.ThrowIfInvalid();

        // The challenge names the user by USER_ID_FOR_SRP: the email in pools with plain usernames, else the sub.
        var email = userId!.Contains('@', StringComparison.Ordinal)
            ? userId
            : (await cluster.Grains.GetGrain<ISubjectGrain>(userId).Get())?.Email
                ?? throw new HuuException(404, ErrorCodes.UserNotFound, "User not found");
        var outcome = await AuthEndpoints.Person(cluster, email).NewPassword(password!, session!);
        SessionCookies.Set(request.HttpContext.Response, settings, outcome.Tokens!);
        var tokens = outcome.Tokens!;
        return TypedResults.Ok(new SessionDto(UserDto.From(outcome.User!), tokens.AccessToken, tokens.IdToken, tokens.RefreshToken));
    }
}

public sealed record InviteRequest(string Email, string FirstName, string? MiddleName, string? LastName);

public sealed record NewPasswordRequest(string UserId, string Password, string SessionId);
