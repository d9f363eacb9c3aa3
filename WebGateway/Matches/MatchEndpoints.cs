using HomeUniteUs.WebGateway.Idempotency;
using Microsoft.AspNetCore.Mvc;

namespace HomeUniteUs.WebGateway.Matches;

/// <summary>/api/matches: candidates, proposals and the match state machine. The grains decide who may do what.</summary>
public static class MatchEndpoints
{
    public static IEndpointRouteBuilder MapMatchesApi(this IEndpointRouteBuilder app)
    {
        var matches = app.MapGroup("/api/matches").WithTags("Matches").RequireCaller(Policies.AnyUser)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        matches.MapGet("/candidates", Candidates).ProducesErrors(StatusCodes.Status409Conflict);
        matches.MapPost("", Propose).WithIdempotencyKey().ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        matches.MapGet("", OfUser);

        // Every route of one match names its guest and host: the reach filter checks them (NamesMatch).
        var match = matches.MapGroup("/{id}").WithMetadata(new NamesMatch("id"));
        match.MapGet(string.Empty, Get);
        match.MapPost("/respond", Respond).ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        match.MapPost("/meeting", Meeting).ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        match.MapPost("/sign", Sign).ProducesErrors(StatusCodes.Status409Conflict);
        match.MapPost("/end", End).ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static IMatchmakingGrain Matchmaking(IGrainFactory grains) => grains.GetGrain<IMatchmakingGrain>(0);

    /// <summary>A required id in the query string, with the rules of path ids.</summary>
    private static PathId Required(PathId? id, string name) =>
        id ?? throw HuuException.Validation(new FieldError(name, ValidationMessages.Required));

    private static async Task<Ok<List<CandidateDto>>> Candidates([FromQuery] PathId? guestId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var candidates = await Matchmaking(grains).Candidates(user.Caller(), Required(guestId, nameof(guestId)));
        return TypedResults.Ok(candidates.Select(CandidateDto.From).ToList());
    }

    private static async Task<Created<MatchDto>> Propose(ProposalRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var match = await Matchmaking(grains).Propose(user.Caller(), request.GuestId!.Value, request.HostId!.Value);
        return TypedResults.Created($"/api/matches/{match.Id}", MatchDto.From(match));
    }

    private static async Task<Ok<List<MatchDto>>> OfUser([FromQuery] PathId? userId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var matches = await Matchmaking(grains).OfUser(user.Caller(), Required(userId, nameof(userId)));
        return TypedResults.Ok(matches.Select(MatchDto.From).ToList());
    }

    private static async Task<Ok<MatchDto>> Get(PathId id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(MatchDto.From(await grains.GetGrain<IMatchGrain>(id).Get(user.Caller())));

    private static async Task<Ok<MatchDto>> Respond(PathId id, RespondRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(MatchDto.From(await grains.GetGrain<IMatchGrain>(id).Respond(user.Caller(), request.Accept!.Value)));

    private static async Task<Ok<MatchDto>> Meeting(PathId id, MeetingRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(MatchDto.From(await grains.GetGrain<IMatchGrain>(id).Meeting(user.Caller(), request.ToChange())));

    private static async Task<Ok<MatchDto>> Sign(PathId id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(MatchDto.From(await grains.GetGrain<IMatchGrain>(id).Sign(user.Caller())));

    private static async Task<Ok<MatchDto>> End(PathId id, EndRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(MatchDto.From(await grains.GetGrain<IMatchGrain>(id).End(user.Caller(), request.Reason)));
}
