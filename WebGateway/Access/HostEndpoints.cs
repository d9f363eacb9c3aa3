using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>/api/hosts: every host, for coordinators and admins (served from the user projection's memory).</summary>
public static class HostEndpoints
{
    public static IEndpointRouteBuilder MapHostsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", Hosts).WithTags("Users").RequireAuthorization(Policies.CoordinatorOrAdmin);
        return app;
    }

    private static async Task<Ok<List<UserDto>>> Hosts(ClusterClientHost cluster) =>
        TypedResults.Ok((await cluster.Grains.GetGrain<ICoordinatorDashboardGrain>(0).UsersInRole(UserRoles.Host)).Select(UserDto.From).ToList());
}
