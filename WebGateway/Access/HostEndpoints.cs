namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/hosts: every host in the caller's reach, for coordinators and admins (served from the dashboard views' memory).</summary>
public static class HostEndpoints
{
    public static IEndpointRouteBuilder MapHostsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", Hosts).WithTags("Users").RequireCaller(Policies.CoordinatorOrAdmin).ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>An admin may narrow the list to one org (<c>?housingOrgId=N</c>) or the pool (<c>none</c>); an unknown org is 404.</summary>
    private static async Task<Ok<List<UserDto>>> Hosts(ClaimsPrincipal user, IGrainFactory grains, CurrentUserReadCache users, string? housingOrgId)
    {
        var view = await ReachViews.Of(user.Caller(), housingOrgId, grains, users);
        // Only the dashboard views the caller's view reads (an org's and the pool's for its coordinators): every view for an admin.
        var hosts = DashboardViews.PartsOf(view) is { } parts
            ? (await Task.WhenAll(parts.Select(key => grains.GetGrain<IDashboardViewGrain>(key).UsersInRole(UserRoles.Host)))).SelectMany(h => h)
            : await grains.GetGrain<ICoordinatorDashboardGrain>(0).UsersInRole(UserRoles.Host);
        return TypedResults.Ok(hosts.Where(h => view.Shows(h.Scope)).OrderBy(h => h.Id).Select(UserDto.From).ToList());
    }
}
