using HomeUniteUs.Grains.Telemetry;
using HomeUniteUs.Observability;
using OpenTelemetry.Metrics;

namespace HomeUniteUs.Silo;

/// <summary>The silo's traces, metrics and log format (see README, "Configuration").</summary>
public static class Telemetry
{
    public const string DefaultServiceName = "huu-silo";

    /// <summary>Console format, meters, OTLP export when configured, Prometheus text on HUU_METRICS_PORT when set.</summary>
    public static HostApplicationBuilder AddSiloTelemetry(this HostApplicationBuilder builder, TelemetrySettings telemetry)
    {
        builder.AddHuuTelemetry(telemetry, tracing => { }, metrics => AddSiloMetrics(metrics, telemetry));
        return builder;
    }

    /// <summary>The domain meter, and Prometheus text on HUU_METRICS_PORT when set (also in a silo co-hosting the API).</summary>
    public static void AddSiloMetrics(MeterProviderBuilder metrics, TelemetrySettings telemetry)
    {
        metrics.AddMeter(HuuMetrics.MeterName);
        if (telemetry.MetricsPort is { } port)
        {
            metrics.AddPrometheusHttpListener(listener =>
            {
                listener.Host = telemetry.MetricsHost;
                listener.Port = port;
            });
        }
    }

    /// <summary>Grain calls continue the caller's trace; identity and intake outcomes are counted.</summary>
    public static ISiloBuilder AddSiloTelemetry(this ISiloBuilder silo) =>
        silo.AddActivityPropagation().AddIncomingGrainCallFilter<DomainMetricsFilter>();
}
