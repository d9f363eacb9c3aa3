using HomeUniteUs.WebGateway.HousingOrgs;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// The program statistics (API.md "Statistics"): counted by the dashboard projection from what it holds, exact as of
/// every change acknowledged before the read; the bodies are kept by <see cref="StatsReadCache"/> between changes.
/// The pool (unaffiliated people) is the <c>byOrg</c> entry with <c>housingOrgId: null</c>, after the orgs.
/// </summary>
public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/housing-orgs/{id}/stats", OrgStats).WithTags("Housing orgs").RequireCaller(Policies.CoordinatorOrAdmin)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/api/stats", AllStats).WithTags("Coordinator").RequireCaller(Policies.Admin)
            .ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<JsonBytesResult<ProgramStats>> OrgStats(PathId id, ClaimsPrincipal user, IGrainFactory grains, HousingOrgReadCache orgs, CurrentUserReadCache users, StatsReadCache stats)
    {
        await HousingOrgEndpoints.RequireOrgReader(id, user.Caller(), grains, orgs, users, "read its stats");
        return new(await stats.Of(id, grains));
    }

    private static async Task<JsonBytesResult<AllStatsDto>> AllStats(IGrainFactory grains, StatsReadCache stats) => new(await stats.All(grains));
}

/// <summary>The body of GET /api/stats: the Stats of everyone, plus each org's and the pool's in <c>byOrg</c>.</summary>
public sealed record AllStatsDto(
    [property: JsonPropertyName("housingOrgId")] long? HousingOrgId,
    [property: JsonPropertyName("guests")] int Guests,
    [property: JsonPropertyName("hosts")] int Hosts,
    [property: JsonPropertyName("coordinators")] int Coordinators,
    [property: JsonPropertyName("unassignedGuests")] int UnassignedGuests,
    [property: JsonPropertyName("journeySteps")] JourneyStepCounts JourneySteps,
    [property: JsonPropertyName("hostsAvailable")] int HostsAvailable,
    [property: JsonPropertyName("matches")] MatchStatusCounts Matches,
    [property: JsonPropertyName("medianDaysToMatch")] double? MedianDaysToMatch,
    [property: JsonPropertyName("casesPerCoordinator")] IReadOnlyList<CoordinatorCaseCount> CasesPerCoordinator,
    [property: JsonPropertyName("byOrg")] IReadOnlyList<ProgramStats> ByOrg)
{
    public static AllStatsDto From(ProgramStatsSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var all = set.Everyone;
        return new AllStatsDto(all.HousingOrgId, all.Guests, all.Hosts, all.Coordinators, all.UnassignedGuests, all.JourneySteps,
            all.HostsAvailable, all.Matches, all.MedianDaysToMatch, all.CasesPerCoordinator, set.ByOrg);
    }
}
