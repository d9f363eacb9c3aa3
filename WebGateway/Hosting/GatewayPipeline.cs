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
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // ASPNETCORE_URLS in a .env file reaches the settings but not the host's own "urls": handed over here.
            builder.WebHost.UseUrls(builder.Configuration["ASPNETCORE_URLS"] is { Length: > 0 } urls ? urls : DefaultUrl);
        }

        builder.AddGatewayServices(settings, hosting.InSilo);
        builder.AddGatewayTelemetry(hosting);
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        // Routing runs before all of these (WebApplication adds it first), so each step below sees the endpoint.
        // First: every response, an error from any step below included, carries X-Request-ID, and the request's log line its final status.
        app.UseMiddleware<RequestIdMiddleware>();
        // After the request id because the span is tagged with it; outside the exception handler because the span records the final status.
        app.UseRequestSpan();
        // After the request id because every error body carries it; before every step that throws, so each failure is in the one error shape.
        app.UseExceptionHandler();
        // After the exception handler because a scrape refused for its token is in the error shape; before the request checks, which a scrape need not pass.
        app.UseMetricsEndpoint();
        // Before authentication and the endpoints because a malformed request line or header is refused on every route (Kestrel lets them through: GatewayServices).
        app.UseMiddleware<RequestShapeMiddleware>();
        // Before authentication because JSON the parser rejects is a 422 on every route, signed in or not; it buffers the body, so it comes before a rerun.
        app.UseMiddleware<JsonShapeMiddleware>();
        // After the JSON check because a rerun reads the buffered body again; outside authentication because authentication asks grains too.
        app.UseMiddleware<ClusterRetryMiddleware>();
        // After the request checks because it only fills a body-less 404/405/415 of the steps below (no route, wrong method, not JSON) with the error shape.
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.Write(context.HttpContext, 404, ErrorCodes.NotFound, "No such route"),
            StatusCodes.Status415UnsupportedMediaType => ApiError.Write(context.HttpContext, 415, ErrorCodes.UnsupportedMediaType, JsonShapeMiddleware.NotJson),
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
        // After the JSON check and the rerun because a malformed body is refused before authentication asks a grain, and a rerun authenticates again.
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization because the caller keys it and a refused request claims nothing; after the JSON check because it hashes the buffered body.
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
