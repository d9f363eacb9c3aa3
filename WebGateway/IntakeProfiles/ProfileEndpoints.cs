using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>
/// /api/profile: the paths the frontend's guest application pages call. Views of the intake routes over the same
/// grains: the form grain answers the definitions, <see cref="IIntakeProfileAccessGrain"/> decides who reads and saves.
/// </summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var profile = app.MapGroup("/api/profile").WithTags("Intake profiles").RequireAuthorization(Policies.AnyUser);
        profile.MapGet("/responses/{userId}", IntakeProfileEndpoints.GetResponses);
        profile.MapPost("/responses", SaveOwnResponses).Accepts<IntakeResponsesDto>("application/json");
        profile.MapGet("/{formId}", IntakeProfileEndpoints.GetForm).Produces(StatusCodes.Status200OK, contentType: "application/json");
        profile.MapGet("/{formId}/{groupId}", GetGroup).Produces(StatusCodes.Status200OK, contentType: "application/json");
        return app;
    }

    private static async Task<ContentHttpResult> GetGroup(string formId, string groupId, ClusterClientHost cluster)
    {
        var id = PathIds.Parse(formId, "formId");
        var form = cluster.Grains.GetGrain<IIntakeFormGrain>(id);
        var json = await form.GetGroupJson(groupId);
        if (json is null)
        {
            throw HuuException.NotFound(await form.GetDefinitionJson() is null
                ? $"Form with id {id} does not exist."
                : $"Form {id} has no such field group.");
        }

        return TypedResults.Text(json, "application/json");
    }

    /// <summary>The caller's own answers, <c>{"responses": [...]}</c> or the bare list, as PUT /api/intake-profile/responses/{callerId}.</summary>
    private static async Task<Ok<IntakeResponsesDto>> SaveOwnResponses(HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var caller = user.Caller();
        var responses = IntakeResponsesBody.Read(await JsonBody.Read(request, listField: "responses"));
        var saved = await cluster.Grains.GetGrain<IIntakeProfileAccessGrain>(caller.UserId).Save(caller, responses);
        return TypedResults.Ok(IntakeResponsesDto.From(saved));
    }
}
