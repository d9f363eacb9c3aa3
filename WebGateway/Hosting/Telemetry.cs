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
    public const string MetricsPath = ServerRootSampler.UnsampledPath;

    /// <summary>The activity source and meters ASP.NET Core itself publishes.</summary>
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    private const string SuppressActivityDataSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
    ];

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder, GatewayHosting hosting)
    {
        var telemetry = TelemetrySettings.FromEnvironment(hosting.ServiceName);
        // ASP.NET Core's own request span, with the semantic-convention tags it sets itself
        // (url.path, http.request.method, http.route, status; never the query string). It costs
        // less per request than the DiagnosticListener-based instrumentation package.
        // Only when spans are exported: the tags are made for every request once the switch is off.
        if (telemetry.ExportOtlp)
        {
            AppContext.SetSwitch(SuppressActivityDataSwitch, false);
        }

        builder.AddHuuTelemetry(telemetry,
            tracing => tracing.AddSource(AspNetCoreSource),
            metrics =>
            {
                metrics.AddMeter(AspNetCoreMeters).AddPrometheusExporter();
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

    /// <summary>
    /// What ASP.NET Core's request span learns only at the end (it sets the method, path, scheme,
    /// server and user agent itself when it starts): the route template, which also names the
    /// span, the status code, and for a server error error.type and the span's error status.
    /// Nothing is done for a request that is not recorded (ASP.NET Core still makes a span for the
    /// log lines' trace id when nothing samples it, with IsAllDataRequested set: Recorded tells).
    /// </summary>
    public static void DescribeRequest(Activity? span, HttpContext context)
    {
        if (span is not { Recorded: true, IsAllDataRequested: true })
        {
            return;
        }

        var status = context.Response.StatusCode;
        span.SetTag("http.response.status_code", status);
        var method = context.Request.Method;
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
        {
            span.SetTag("http.route", route);
            span.DisplayName = method + " " + route;
        }
        else
        {
            span.DisplayName = method;
        }

        if (status >= StatusCodes.Status500InternalServerError)
        {
            span.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
            span.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static bool Authorized(HttpContext context, string token)
    {
        const string scheme = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
