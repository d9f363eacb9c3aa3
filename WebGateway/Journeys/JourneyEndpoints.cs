namespace HomeUniteUs.WebGateway.Journeys;

/// <summary>/api/journeys: a person's steps through the program. Who may see or set them is the journey grain's rule.</summary>
public static class JourneyEndpoints
{
    public static IEndpointRouteBuilder MapJourneysApi(this IEndpointRouteBuilder app)
    {
        var journeys = app.MapGroup("/api/journeys").WithTags("Journeys").RequireCaller(Policies.AnyUser)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        journeys.MapGet("/{userId}", Get);
        journeys.MapPost("/{userId}/steps/{key}", SetStep).ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Ok<JourneyDto>> Get(PathId userId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(JourneyDto.From(await grains.GetGrain<IJourneyGrain>(userId).Get(user.Caller())));

    private static async Task<Ok<JourneyDto>> SetStep(PathId userId, string key, StepChangeRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(JourneyDto.From(await grains.GetGrain<IJourneyGrain>(userId).SetStep(user.Caller(), key, request.ToChange())));
}
