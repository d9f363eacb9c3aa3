using Microsoft.Net.Http.Headers;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>The coordinators' routes: the dashboard the frontend polls, and guest cases.</summary>
public static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var coordinator = app.MapGroup("/api/coordinator").WithTags("Coordinator").RequireCaller(Policies.CoordinatorOrAdmin)
            .ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        coordinator.MapGet("/dashboard/all", Dashboard);
        coordinator.MapGet("/cases/{guestId}", GetCase).ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        coordinator.MapPut("/cases/{guestId}", PutCase)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The caller's view (their reach, by their current membership; an admin may add <c>?housingOrgId=N|none</c>), with its own ETag.</summary>
    private static async Task<Results<DashboardDocumentResult, DashboardNotModifiedResult>> Dashboard(
        HttpRequest request, ClaimsPrincipal user, string? housingOrgId, IGrainFactory grains, DashboardReadCache dashboards,
        CurrentUserReadCache users)
    {
        var view = await ReachViews.Of(user.Caller(), housingOrgId, grains, users);
        var dashboard = await dashboards.Current(view, grains);
        var gzip = AcceptsGzip(request);
        return Matches(request, dashboard)
            ? new DashboardNotModifiedResult(gzip ? dashboard.GzipETag : dashboard.ETag)
            : new DashboardDocumentResult(dashboard, gzip);
    }

    /// <summary>
    /// If-None-Match names the current dashboard (in either representation; weak comparison, as
    /// RFC 9110 says for this header), or is "*".
    /// </summary>
    private static bool Matches(HttpRequest request, CachedDashboard dashboard)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 1 && (header[0] == dashboard.ETag || header[0] == dashboard.GzipETag))
        {
            return true; // a poll repeating the ETag it was given: equal strings match without parsing
        }

        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var identity = new EntityTagHeaderValue(dashboard.ETag);
        var gzip = new EntityTagHeaderValue(dashboard.GzipETag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)
            || tag.Compare(identity, useStrongComparison: false) || tag.Compare(gzip, useStrongComparison: false));
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Count > 0
        && StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings)
        && codings.Any(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && c.Quality is not 0);

    private static async Task<Ok<GuestCaseDto>> GetCase(PathId guestId, IGrainFactory grains)
    {
        var guestCase = await grains.GetGrain<IGuestCaseGrain>(guestId).Get()
            ?? throw HuuException.NotFound($"Guest {guestId} has no case.");
        return TypedResults.Ok(GuestCaseDto.From(guestCase));
    }

    private static async Task<Ok<GuestCaseDto>> PutCase(PathId guestId, GuestCaseChangeRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(GuestCaseDto.From(await grains.GetGrain<IGuestCaseGrain>(guestId).Update(request.ToChange(), user.Caller())));
}
