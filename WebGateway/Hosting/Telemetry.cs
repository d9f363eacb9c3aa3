using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using HomeUniteUs.Observability;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>The gateway's traces, metrics, log format and GET /metrics (see README, "Configuration").</summary>
public static class Telemetry
{
    public const string DefaultServiceName = "huu-gateway";
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder, GatewayHosting hosting)
    {
        var telemetry = TelemetrySettings.FromEnvironment(hosting.ServiceName);
        builder.AddHuuTelemetry(telemetry,
            tracing => tracing.AddAspNetCoreInstrumentation(http =>
            {
                http.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal);
                http.EnrichWithHttpRequest = (activity, _) => TelemetrySetup.DropQuery(activity, "url.full");
            }),
            metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter();
                hosting.Metrics?.Invoke(metrics, telemetry);
            });
        return builder;
    }

    /// <summary>Tags each request's span with its request id, and serves GET /metrics (behind HUU_METRICS_TOKEN when set).</summary>
    public static WebApplication UseGatewayTelemetry(this WebApplication app)
    {
        var token = app.Services.GetRequiredService<TelemetrySettings>().MetricsToken;
        app.Use((context, next) =>
        {
            Activity.Current?.SetTag(TelemetryNames.RequestIdTag, context.TraceIdentifier);
            if (token is not null && context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal) && !Authorized(context, token))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return ApiError.Write(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "The metrics endpoint needs its bearer token");
            }

            return next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint();
        return app;
    }

    private static bool Authorized(HttpContext context, string token)
    {
        const string scheme = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
