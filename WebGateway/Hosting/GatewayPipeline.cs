using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Access;
using HomeUniteUs.WebGateway.Errors;
using HomeUniteUs.WebGateway.Health;
using HomeUniteUs.WebGateway.HousingOrgs;
using HomeUniteUs.WebGateway.Http;
using HomeUniteUs.WebGateway.IntakeProfiles;
using HomeUniteUs.WebGateway.Workflow;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>The gateway's middleware and routes; the gateway process and a silo co-hosting the API both call it.</summary>
public static class GatewayPipeline
{
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.Write(context.HttpContext, 404, ErrorCodes.NotFound, "No such route"),
            StatusCodes.Status415UnsupportedMediaType => ApiError.Write(context.HttpContext, 415, ErrorCodes.UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)"),
            StatusCodes.Status405MethodNotAllowed => ApiError.Write(context.HttpContext, 405, ErrorCodes.MethodNotAllowed, "This method is not allowed on this route"),
            var status => ApiError.Write(context.HttpContext, status, status >= 500 ? ErrorCodes.Internal : "HTTP_" + status, "The request failed"),
        });
        app.UseSwagger(swagger => swagger.RouteTemplate = "docs/{documentName}/openapi.json");
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint("/docs/v1/openapi.json", "Home Unite Us API");
        });
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthApi();
        app.MapHousingOrgsApi();
        app.MapAuthApi();
        app.MapInviteApi();
        app.MapUsersApi();
        app.MapHostsApi();
        app.MapIntakeProfilesApi();
        app.MapWorkflowApi();
        return app;
    }
}
