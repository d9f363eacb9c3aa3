using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Access;
using HomeUniteUs.WebGateway.ActivityList;
using HomeUniteUs.WebGateway.Errors;
using HomeUniteUs.WebGateway.Health;
using HomeUniteUs.WebGateway.HousingOrgs;
using HomeUniteUs.WebGateway.Http;
using HomeUniteUs.WebGateway.Idempotency;
using HomeUniteUs.WebGateway.IntakeProfiles;
using HomeUniteUs.WebGateway.Journeys;
using HomeUniteUs.WebGateway.Matches;
using HomeUniteUs.WebGateway.Notes;
using HomeUniteUs.WebGateway.Workflow;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>
/// The whole HTTP API — services, telemetry, middleware, routes — in one place: the gateway process and a
/// silo co-hosting the API (HUU_COHOSTED_API) both call <see cref="AddGateway"/> and <see cref="UseGateway"/>,
/// so the two modes serve exactly the same pipeline.
/// </summary>
public static class GatewayPipeline
{
    public const string DefaultUrl = "http://localhost:8000";
    private const string DocsPath = "/docs";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, HuuSettings settings, GatewayHosting hosting)
    {
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddGatewayServices(settings, hosting.InSilo);
        builder.AddGatewayTelemetry(hosting);
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseGatewayTelemetry();
        app.UseMiddleware<RequestShapeMiddleware>();
        app.UseMiddleware<JsonShapeMiddleware>();
        // Outside authentication (which asks grains too) and after the body is buffered (a rerun reads it again).
        app.UseMiddleware<ClusterRetryMiddleware>();
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.Write(context.HttpContext, 404, ErrorCodes.NotFound, "No such route"),
            StatusCodes.Status415UnsupportedMediaType => ApiError.Write(context.HttpContext, 415, ErrorCodes.UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)"),
            StatusCodes.Status405MethodNotAllowed => ApiError.Write(context.HttpContext, 405, ErrorCodes.MethodNotAllowed, "This method is not allowed on this route"),
            var status => ApiError.Write(context.HttpContext, status, ApiError.CodeFor(status), "The request failed"),
        });
        // Only /docs passes through Swagger UI's middleware: every other request skips its matching.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(DocsPath, StringComparison.Ordinal), docs =>
            docs.UseSwaggerUI(ui =>
            {
                ui.RoutePrefix = "docs";
                ui.SwaggerEndpoint(ApiDocument.DocsPath, "Home Unite Us API");
            }));
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization (the caller keys it, a refused request claims nothing) and after the JSON shape
        // check (which buffers the body it hashes); the error middleware above writes what it throws.
        app.UseMiddleware<IdempotencyMiddleware>();

        app.MapGet(ApiDocument.DocsPath, (ApiDocument document) => document.Result()).ExcludeFromDescription();
        app.MapGet(ApiDocument.ApiPath, (ApiDocument document) => document.Result()).ExcludeFromDescription();
        // Every route behind the reach filter: a route added here is covered by it without asking.
        var api = app.MapGroup(string.Empty).AddEndpointFilter<ReachFilter>();
        api.MapHealthApi();
        api.MapHousingOrgsApi();
        api.MapAuthApi();
        api.MapGoogleAuthApi();
        api.MapInviteApi();
        api.MapUsersApi();
        api.MapHostsApi();
        api.MapIntakeProfilesApi();
        api.MapProfileApi();
        api.MapWorkflowApi();
        api.MapStatsApi();
        api.MapJourneysApi();
        api.MapMatchesApi();
        api.MapActivityApi();
        api.MapNotesApi();
        api.MapActivityStreamApi();
        return app;
    }
}
