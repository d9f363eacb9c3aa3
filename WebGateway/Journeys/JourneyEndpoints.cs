using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Journeys;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Journeys;

/// <summary>/api/journeys: a person's steps through the program. Who may see or set them is the journey grain's rule.</summary>
public static class JourneyEndpoints
{
    public static IEndpointRouteBuilder MapJourneysApi(this IEndpointRouteBuilder app)
    {
        var journeys = app.MapGroup("/api/journeys").WithTags("Journeys").RequireAuthorization(Policies.AnyUser);
        journeys.MapGet("/{userId}", Get);
        journeys.MapPost("/{userId}/steps/{key}", SetStep).Accepts<StepChangeRequest>("application/json");
        return app;
    }

    private static async Task<Ok<JourneyDto>> Get(string userId, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var journey = cluster.Grains.GetGrain<IJourneyGrain>(PathIds.Parse(userId, "userId"));
        return TypedResults.Ok(JourneyDto.From(await journey.Get(user.Caller())));
    }

    private static async Task<Ok<JourneyDto>> SetStep(string userId, string key, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var journey = cluster.Grains.GetGrain<IJourneyGrain>(PathIds.Parse(userId, "userId"));
        var caller = user.Caller();
        var body = await JsonBody.Read(request);
        var scheduledAt = body.Timestamp("scheduledAt");
        var completed = body.Bool("completed", required: false);
        if (completed == false)
        {
            body.Add("completed", "A completed step cannot be undone: send true, or leave it out");
        }

        if (!JourneySteps.CoordinatorSet.Contains(key))
        {
            body.Add("key", $"Only {string.Join(" and ", JourneySteps.CoordinatorSet)} are set by a coordinator");
        }

        if (!body.Has("scheduledAt") && !body.Has("completed"))
        {
            body.Add("body", "Field required: scheduledAt or completed");
        }

        body.ThrowIfInvalid();
        return TypedResults.Ok(JourneyDto.From(await journey.SetStep(caller, key, new StepChange(scheduledAt, completed == true))));
    }
}
