using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HomeUniteUs.Observability;

/// <summary>What the silo and the gateway share: console format, resource, meters, sampler, OTLP export.</summary>
public static class TelemetrySetup
{
    public static IOpenTelemetryBuilder AddHuuTelemetry(this IHostApplicationBuilder builder, TelemetrySettings telemetry,
        Action<TracerProviderBuilder> tracing, Action<MeterProviderBuilder> metrics)
    {
        builder.Services.AddSingleton(telemetry);
        builder.Logging.AddConsole(console => console.FormatterName = HuuConsoleFormatter.FormatterName)
            .AddConsoleFormatter<HuuConsoleFormatter, HuuConsoleFormatterOptions>(format =>
            {
                format.Json = telemetry.JsonLogs;
                format.UseUtcTimestamp = true;
            });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(meters =>
            {
                meters.AddMeter(TelemetryNames.OrleansMeter, TelemetryNames.Npgsql)
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                metrics(meters);
            });
        if (!telemetry.ExportOtlp)
        {
            // Nothing would receive spans: no trace pipeline (log lines still carry the trace id).
            return otel;
        }

        otel.WithTracing(traces =>
        {
            if (!telemetry.SamplerFromEnvironment)
            {
                traces.SetSampler(new ServerRootSampler(telemetry.SampleRatio, telemetry.TracesPerSecond));
            }

            traces.AddSource(TelemetryNames.OrleansApplication, TelemetryNames.OrleansStorage, TelemetryNames.Npgsql)
                .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = (activity, request) => DropQuery(activity, "url.full"));
            tracing(traces);
        });
        otel.WithLogging();
        otel.UseOtlpExporter();
        return otel;
    }

    /// <summary>Query strings never leave the process: the confirm-invite link carries a password in its query.</summary>
    public static void DropQuery(Activity activity, string urlTag)
    {
        activity.SetTag("url.query", null);
        if (activity.GetTagItem(urlTag) is string url && url.IndexOf('?', StringComparison.Ordinal) is var at and >= 0)
        {
            activity.SetTag(urlTag, url[..at]);
        }
    }
}
