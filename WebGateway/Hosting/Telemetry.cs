using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using HomeUniteUs.Observability;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>The gateway's traces, metrics, log format and GET /metrics (see README, "Configuration").</summary>
public static class Telemetry
{
    public const string DefaultServiceName = "huu-gateway";
    public const string MetricsPath = "/metrics";

    /// <summary>The activity source and meters ASP.NET Core itself publishes.</summary>
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
    ];

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder, GatewayHosting hosting)
    {
        var telemetry = TelemetrySettings.FromConfiguration(builder.Configuration, hosting.ServiceName);
        // ASP.NET Core's own request span (Microsoft.AspNetCore), with no instrumentation package in between.
        // Its semantic-convention tags are set by DescribeRequest for recorded requests only; ASP.NET Core's
        // own (AppContext switch Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData=false)
        // would be built for every request, sampled or not: a profile under bench/telemetry.sh's load
        // showed them as the largest single cost of tracing on a cached read.
        builder.AddHuuTelemetry(telemetry,
            tracing => tracing.AddSource(AspNetCoreSource),
            metrics =>
            {
                metrics.AddMeter(AspNetCoreMeters).AddGatewayMeter().AddPrometheusExporter();
                hosting.Metrics?.Invoke(metrics, telemetry);
            });
        return builder;
    }

    /// <summary>
    /// The one owner of the request span (ASP.NET Core's own activity for the request): tags it with the request id
    /// (log lines written during the request name it), keeps a metrics scrape out of every trace, and describes the
    /// span once the status is final (<see cref="DescribeRequest"/>).
    /// </summary>
    public static WebApplication UseRequestSpan(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var span = context.Features.Get<IHttpActivityFeature>()?.Activity;
            span?.SetTag(TelemetryNames.RequestIdTag, context.TraceIdentifier);
            if (IsScrape(context) && span is { Recorded: true })
            {
                // A scrape is never recorded, whatever its traceparent says.
                span.IsAllDataRequested = false;
                span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            // Routing ran first; the exception handler clears the endpoint before it writes a 500, the span keeps its route.
            var endpoint = context.GetEndpoint();
            try
            {
                await next(context);
            }
            finally
            {
                DescribeRequest(span, context, endpoint);
            }
        });
        return app;
    }

    /// <summary>Serves GET /metrics, behind HUU_METRICS_TOKEN when set (a 401 in the error shape without it).</summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var token = app.Services.GetRequiredService<TelemetrySettings>().MetricsToken;
        if (token is not null)
        {
            app.Use((context, next) =>
            {
                if (IsScrape(context) && !Authorized(context, token))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return ApiError.Write(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "The metrics endpoint needs its bearer token");
                }

                return next(context);
            });
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(IsScrape);
        return app;
    }

    /// <summary>
    /// The one test of "this request is a scrape": the exporter is branched on it and the token guard
    /// checks it, so the guard covers every path the exporter answers (any letter case: /METRICS too).
    /// </summary>
    private static bool IsScrape(HttpContext context) =>
        context.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A recorded request span's semantic-convention tags, set once the request is done: method, scheme,
    /// path (never the query string: the confirm-invite link carries a password), server, protocol, user
    /// agent, the route template (which also names the span), the status code, and for a server error
    /// error.type and the span's error status. Nothing is done for a request that is not recorded
    /// (ASP.NET Core still makes a span for the log lines' trace id when nothing samples it, with
    /// IsAllDataRequested set: Recorded tells).
    /// </summary>
    private static void DescribeRequest(Activity? span, HttpContext context, Endpoint? endpoint)
    {
        if (span is not { Recorded: true, IsAllDataRequested: true })
        {
            return;
        }

        var request = context.Request;
        var status = context.Response.StatusCode;
        span.SetTag("http.request.method", request.Method);
        span.SetTag("url.scheme", request.Scheme);
        span.SetTag("url.path", request.PathBase.Add(request.Path).Value);
        span.SetTag("server.address", request.Host.Host);
        if (request.Host.Port is { } port)
        {
            span.SetTag("server.port", port);
        }

        span.SetTag("network.protocol.version", request.Protocol.StartsWith("HTTP/", StringComparison.Ordinal) ? request.Protocol[5..] : request.Protocol);
        if (request.Headers.UserAgent.ToString() is { Length: > 0 } agent)
        {
            span.SetTag("user_agent.original", agent);
        }

        span.SetTag("http.response.status_code", status);
        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } route })
        {
            span.SetTag("http.route", route);
            span.DisplayName = request.Method + " " + route;
        }
        else
        {
            span.DisplayName = request.Method;
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
