namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>
/// The intake forms and profiles. Every route needs a signed-in caller; who may read, write or review a
/// profile is decided by <see cref="IIntakeProfileAccessGrain"/>, not here. Answers are never logged.
/// </summary>
public static class IntakeProfileEndpoints
{
    public static IEndpointRouteBuilder MapIntakeProfilesApi(this IEndpointRouteBuilder app)
    {
        var intake = app.MapGroup("/api/intake-profile").WithTags("Intake profiles").RequireCaller(Policies.AnyUser)
            .ProducesErrors(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        intake.MapGet("/form/{formId}", GetForm).Produces<IntakeFormView>(StatusCodes.Status200OK)
            .ProducesErrors(StatusCodes.Status404NotFound);
        intake.MapGet("/responses/{userId}", GetResponses);
        intake.MapPut("/responses/{userId}", PutResponses).ProducesErrors(StatusCodes.Status415UnsupportedMediaType);
        intake.MapGet("/{userId}", GetProfile);
        intake.MapPut("/{userId}", PutProfile).ProducesErrors(StatusCodes.Status415UnsupportedMediaType);
        intake.MapPost("/{userId}/submit", Submit);
        intake.MapPost("/{userId}/review", Review).ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static IIntakeProfileAccessGrain Profile(IGrainFactory grains, int userId) =>
        grains.GetGrain<IIntakeProfileAccessGrain>(userId);

    /// <summary>The definition exactly as the form grain holds it.</summary>
    internal static async Task<ContentHttpResult> GetForm(PathId formId, IGrainFactory grains)
    {
        var json = await grains.GetGrain<IIntakeFormGrain>(formId).GetDefinitionJson()
            ?? throw HuuException.NotFound($"Form with id {formId} does not exist.");
        return TypedResults.Text(json, "application/json");
    }

    internal static async Task<Ok<IntakeResponsesDto>> GetResponses(PathId userId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(IntakeResponsesDto.From(await Profile(grains, userId).Get(user.Caller())));

    private static async Task<Ok<IntakeResponsesDto>> PutResponses(PathId userId, IntakeResponsesRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(IntakeResponsesDto.From(await Profile(grains, userId).Save(user.Caller(), request.ToResponses())));

    private static async Task<Ok<IntakeProfileDto>> GetProfile(PathId userId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(IntakeProfileDto.From(await Profile(grains, userId).Get(user.Caller())));

    private static async Task<Ok<IntakeProfileDto>> PutProfile(PathId userId, IntakeResponsesRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(IntakeProfileDto.From(await Profile(grains, userId).Save(user.Caller(), request.ToResponses())));

    /// <summary>Answers with the whole profile, whose status is SUBMITTED.</summary>
    private static async Task<Ok<IntakeProfileDto>> Submit(PathId userId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(IntakeProfileDto.From(await Profile(grains, userId).Submit(user.Caller())));

    private static async Task<Ok<IntakeReviewDto>> Review(PathId userId, IntakeReviewRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(IntakeReviewDto.From(await Profile(grains, userId).Review(user.Caller(), request.Decision, request.Note), request.Decision));
}
