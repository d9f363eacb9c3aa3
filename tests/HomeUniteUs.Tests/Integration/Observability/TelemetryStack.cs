using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.Observability;

[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryStack>
{
    public const string Name = "telemetry";
}

/// <summary>
/// A stack that exports to an <see cref="OtlpReceiver"/> (the default sampler keeping every
/// request: OTEL_TRACES_SAMPLER_ARG=1, no cap: HUU_TRACES_PER_SECOND=0), writes JSON
/// logs, guards the gateway's /metrics with a token and serves the silo's on its own port.
/// </summary>
public class TelemetryStack : ServiceStack, IAsyncLifetime
{
    public const string MetricsToken = "metrics-token-for-tests";

    public OtlpReceiver Otlp { get; } = new();

    public int SiloMetricsPort { get; } = FreePort.Next();

    protected override void Configure(Dictionary<string, string> environment)
    {
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint;
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_TRACES_SAMPLER_ARG"] = "1";
        environment["HUU_TRACES_PER_SECOND"] = "0";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "60000";
        environment["LOG_FORMAT"] = "json";
        environment["HUU_METRICS_TOKEN"] = MetricsToken;
        environment["HUU_METRICS_PORT"] = SiloMetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string> SiloMetrics()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{SiloMetricsPort}/metrics"));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Otlp.DisposeAsync();
    }
}
