namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>
/// /api/profile: the paths the frontend's guest application pages call. Views of the intake routes over the same
/// grains: the form grain answers the definitions, <see cref="IIntakeProfileAccessGrain"/> decides who reads and saves.
/// </summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var profile = app.MapGroup("/api/profile").WithTags("Intake profiles").RequireCaller(Policies.AnyUser)
            .ProducesErrors(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        profile.MapGet("/responses/{userId}", IntakeProfileEndpoints.GetResponses).ProducesErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        profile.MapPost("/responses", SaveOwnResponses)
            .ProducesErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType);
        profile.MapGet("/{formId}", IntakeProfileEndpoints.GetForm).Produces<IntakeFormView>(StatusCodes.Status200OK)
            .ProducesErrors(StatusCodes.Status404NotFound);
        profile.MapGet("/{formId}/{groupId}", GetGroup).Produces<IntakeFieldGroupView>(StatusCodes.Status200OK)
            .ProducesErrors(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<ContentHttpResult> GetGroup(PathId formId, string groupId, IGrainFactory grains)
    {
        var form = grains.GetGrain<IIntakeFormGrain>(formId);
        var json = await form.GetGroupJson(groupId);
        if (json is null)
        {
            throw HuuException.NotFound(await form.GetDefinitionJson() is null
                ? $"Form with id {formId} does not exist."
                : $"Form {formId} has no such field group.");
        }

        return TypedResults.Text(json, "application/json");
    }

    /// <summary>The caller's own answers, <c>{"responses": [...]}</c> or the bare list, as PUT /api/intake-profile/responses/{callerId}.</summary>
    private static async Task<Ok<IntakeResponsesDto>> SaveOwnResponses(ProfileResponsesRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = user.Caller();
        var saved = await grains.GetGrain<IIntakeProfileAccessGrain>(caller.UserId).Save(caller, request.ToResponses());
        return TypedResults.Ok(IntakeResponsesDto.From(saved));
    }
}
