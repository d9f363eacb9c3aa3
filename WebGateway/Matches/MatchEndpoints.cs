using System.Globalization;
using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using HomeUniteUs.WebGateway.Journeys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Matches;

/// <summary>/api/matches: candidates, proposals and the match state machine. The grains decide who may do what.</summary>
public static class MatchEndpoints
{
    public static IEndpointRouteBuilder MapMatchesApi(this IEndpointRouteBuilder app)
    {
        var matches = app.MapGroup("/api/matches").WithTags("Matches").RequireAuthorization(Policies.AnyUser);
        matches.MapGet("/candidates", Candidates);
        matches.MapPost("", Propose).Accepts<ProposalRequest>("application/json");
        matches.MapGet("", OfUser);
        matches.MapGet("/{id}", Get);
        matches.MapPost("/{id}/respond", Respond).Accepts<RespondRequest>("application/json");
        matches.MapPost("/{id}/meeting", Meeting).Accepts<MeetingRequest>("application/json");
        matches.MapPost("/{id}/sign", Sign);
        matches.MapPost("/{id}/end", End).Accepts<EndRequest>("application/json");
        return app;
    }

    private static IMatchmakingGrain Matchmaking(ClusterClientHost cluster) => cluster.Grains.GetGrain<IMatchmakingGrain>(0);

    private static IMatchGrain Match(ClusterClientHost cluster, string id) => cluster.Grains.GetGrain<IMatchGrain>(PathIds.Parse(id, "id"));

    private static async Task<Ok<List<CandidateDto>>> Candidates(HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var guestId = JourneyFields.QueryId(request, "guestId");
        var candidates = await Matchmaking(cluster).Candidates(user.Caller(), guestId);
        return TypedResults.Ok(candidates.Select(CandidateDto.From).ToList());
    }

    private static async Task<Created<MatchDto>> Propose(HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var caller = user.Caller();
        var body = await JsonBody.Read(request);
        var guestId = body.PositiveLong("guestId", required: true);
        var hostId = body.PositiveLong("hostId", required: true);
        body.ThrowIfInvalid();
        var match = await Matchmaking(cluster).Propose(caller, guestId!.Value, hostId!.Value);
        return TypedResults.Created($"/api/matches/{match.Id.ToString(CultureInfo.InvariantCulture)}", MatchDto.From(match));
    }

    private static async Task<Ok<List<MatchDto>>> OfUser(HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var userId = JourneyFields.QueryId(request, "userId");
        var matches = await Matchmaking(cluster).OfUser(user.Caller(), userId);
        return TypedResults.Ok(matches.Select(MatchDto.From).ToList());
    }

    private static async Task<Ok<MatchDto>> Get(string id, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var match = Match(cluster, id);
        return TypedResults.Ok(MatchDto.From(await match.Get(user.Caller())));
    }

    private static async Task<Ok<MatchDto>> Respond(string id, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var match = Match(cluster, id);
        var caller = user.Caller();
        var body = await JsonBody.Read(request);
        var accept = body.Bool("accept", required: true);
        body.ThrowIfInvalid();
        return TypedResults.Ok(MatchDto.From(await match.Respond(caller, accept!.Value)));
    }

    private static async Task<Ok<MatchDto>> Meeting(string id, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var match = Match(cluster, id);
        var caller = user.Caller();
        var body = await JsonBody.Read(request);
        var meetingAt = body.Timestamp("meetingAt");
        var held = body.Bool("held", required: false);
        if (held == false)
        {
            body.Add("held", "A held meeting cannot be undone: send true, or leave it out");
        }

        if (!body.Has("meetingAt") && !body.Has("held"))
        {
            body.Add("body", "Field required: meetingAt or held");
        }

        body.ThrowIfInvalid();
        return TypedResults.Ok(MatchDto.From(await match.Meeting(caller, new MeetingChange(meetingAt, held == true))));
    }

    private static async Task<Ok<MatchDto>> Sign(string id, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var match = Match(cluster, id);
        return TypedResults.Ok(MatchDto.From(await match.Sign(user.Caller())));
    }

    private static async Task<Ok<MatchDto>> End(string id, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var match = Match(cluster, id);
        var caller = user.Caller();
        var body = await JsonBody.Read(request);
        var reason = body.String("reason", required: true, maxLength: MatchLimits.MaxEndReasonLength);
        body.ThrowIfInvalid();
        return TypedResults.Ok(MatchDto.From(await match.End(caller, reason!)));
    }
}
