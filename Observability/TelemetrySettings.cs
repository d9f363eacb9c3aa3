using System.Globalization;

namespace HomeUniteUs.Observability;

/// <summary>
/// What the environment asks of telemetry: the standard OTEL_* variables (read by the
/// OpenTelemetry SDK itself; here only whether they are set) and the service's own
/// LOG_FORMAT, HUU_METRICS_TOKEN, HUU_METRICS_PORT and HUU_METRICS_HOST.
/// </summary>
public sealed record TelemetrySettings(
    string ServiceName,
    bool ExportOtlp,
    bool SamplerFromEnvironment,
    bool JsonLogs,
    string? MetricsToken,
    int? MetricsPort,
    string MetricsHost)
{
    public static TelemetrySettings FromEnvironment(string defaultServiceName, Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        string? Value(string name) => read(name) is { Length: > 0 } value ? value.Trim() : null;
        var port = Value("HUU_METRICS_PORT");
        return new TelemetrySettings(
            Value("OTEL_SERVICE_NAME") ?? defaultServiceName,
            Value("OTEL_EXPORTER_OTLP_ENDPOINT") is not null || Value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") is not null,
            Value("OTEL_TRACES_SAMPLER") is not null,
            string.Equals(Value("LOG_FORMAT"), "json", StringComparison.OrdinalIgnoreCase),
            Value("HUU_METRICS_TOKEN"),
            port is null ? null
                : int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536 ? number
                : throw new InvalidOperationException("HUU_METRICS_PORT must be a TCP port number"),
            Value("HUU_METRICS_HOST") ?? "127.0.0.1");
    }
}
