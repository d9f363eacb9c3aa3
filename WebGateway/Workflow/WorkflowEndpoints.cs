using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>The coordinators' routes: the dashboard the frontend polls, and guest cases.</summary>
public static class WorkflowEndpoints
{
    private static readonly string[] ChangeFields = ["coordinatorId", "status", "notes"];

    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var cache = app.ServiceProvider.GetRequiredService<DashboardCache>();
        var coordinator = app.MapGroup("/api/coordinator").WithTags("Coordinator").RequireAuthorization(Policies.CoordinatorOrAdmin);
        coordinator.MapGet("/dashboard/all", (HttpRequest request) => Dashboard(request, cache));
        coordinator.MapGet("/cases/{guestId}", GetCase);
        coordinator.MapPut("/cases/{guestId}", PutCase).Accepts<GuestCaseChangeRequest>("application/json");
        return app;
    }

    private static async Task<Results<DashboardDocumentResult, DashboardNotModifiedResult>> Dashboard(HttpRequest request, DashboardCache cache)
    {
        var dashboard = await cache.Current();
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

    private static async Task<Ok<GuestCaseDto>> GetCase(string guestId, ClusterClientHost cluster)
    {
        var id = PathIds.Parse(guestId, "guestId");
        var guestCase = await cluster.Grains.GetGrain<IGuestCaseGrain>(id).Get()
            ?? throw HuuException.NotFound($"Guest {id} has no case.");
        return TypedResults.Ok(GuestCaseDto.From(guestCase));
    }

    private static async Task<Ok<GuestCaseDto>> PutCase(string guestId, HttpRequest request, ClusterClientHost cluster)
    {
        var id = PathIds.Parse(guestId, "guestId");
        var body = await JsonBody.Read(request);
        var change = new GuestCaseChange(
            body.PositiveLong("coordinatorId", required: false),
            body.OneOf("status", required: false, [.. GuestCaseStatus.All]),
            body.String("notes", required: false, maxLength: GuestCaseLimits.MaxNotesLength, nonBlank: false));
        if (!ChangeFields.Any(name => body.Body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null))
        {
            body.Add("body", "Field required: at least one of coordinatorId, status, notes");
        }

        body.ThrowIfInvalid();
        var updated = await cluster.Grains.GetGrain<IGuestCaseGrain>(id).Update(change, request.HttpContext.User.Caller());
        return TypedResults.Ok(GuestCaseDto.From(updated));
    }
}
