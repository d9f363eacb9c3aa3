namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/hosts: every host in the caller's reach, for coordinators and admins (served from the user projection's memory).</summary>
public static class HostEndpoints
{
    public static IEndpointRouteBuilder MapHostsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", Hosts).WithTags("Users").RequireCaller(Policies.CoordinatorOrAdmin).ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>An admin may narrow the list to one org (<c>?housingOrgId=N</c>) or the pool (<c>none</c>); an unknown org is 404.</summary>
    private static async Task<Ok<List<UserDto>>> Hosts(ClaimsPrincipal user, IGrainFactory grains, string? housingOrgId)
    {
        var view = await ReachViews.Of(user.Caller(), housingOrgId, grains);
        var hosts = await grains.GetGrain<ICoordinatorDashboardGrain>(0).UsersInRole(UserRoles.Host);
        return TypedResults.Ok(hosts.Where(h => view.Shows(h.Scope)).Select(UserDto.From).ToList());
    }
}
