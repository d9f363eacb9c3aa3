namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/hosts: every host, for coordinators and admins (served from the user projection's memory).</summary>
public static class HostEndpoints
{
    public static IEndpointRouteBuilder MapHostsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", Hosts).WithTags("Users").RequireCaller(Policies.CoordinatorOrAdmin).ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Ok<List<UserDto>>> Hosts(IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<ICoordinatorDashboardGrain>(0).UsersInRole(UserRoles.Host)).Select(UserDto.From).ToList());
}
