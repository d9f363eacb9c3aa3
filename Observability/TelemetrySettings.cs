using System.Globalization;
using HomeUniteUs.Configuration;
using Microsoft.Extensions.Configuration;

namespace HomeUniteUs.Observability;

/// <summary>
/// What the settings (the host's IConfiguration: a .env file overlaid by the environment) ask of telemetry: the
/// standard OTEL_* variables (read by the OpenTelemetry SDK itself from the same IConfiguration; here only whether they are set, and OTEL_TRACES_SAMPLER_ARG as the
/// ratio of the default sampler when OTEL_TRACES_SAMPLER is not set) and the service's own
/// HUU_TRACES_PER_SECOND (the default sampler's cap), LOG_FORMAT, HUU_METRICS_TOKEN,
/// HUU_METRICS_PORT and HUU_METRICS_HOST.
/// </summary>
public sealed record TelemetrySettings(
    string ServiceName,
    bool ExportOtlp,
    bool SamplerFromEnvironment,
    double SampleRatio,
    int TracesPerSecond,
    bool JsonLogs,
    string? MetricsToken,
    int? MetricsPort,
    string MetricsHost)
{
    /// <summary>The share of incoming requests traced by default (see README, "Benchmarks": the cost of tracing).</summary>
    public const double DefaultSampleRatio = 0.1;

    /// <summary>The most traces a process starts in a second by default (0: no cap).</summary>
    public const int DefaultTracesPerSecond = 100;

    /// <summary>The telemetry settings in <paramref name="configuration"/>; a malformed one throws <see cref="SettingsException"/> naming it.</summary>
    public static TelemetrySettings FromConfiguration(IConfiguration configuration, string defaultServiceName) =>
        From(defaultServiceName, name => configuration[name]);

    public static TelemetrySettings From(string defaultServiceName, Func<string, string?> read)
    {
        string? Value(string name) => read(name) is { Length: > 0 } value ? value.Trim() : null;
        var port = Value("HUU_METRICS_PORT");
        var sampler = Value("OTEL_TRACES_SAMPLER");
        var ratio = Value("OTEL_TRACES_SAMPLER_ARG");
        var perSecond = Value("HUU_TRACES_PER_SECOND");
        return new TelemetrySettings(
            Value("OTEL_SERVICE_NAME") ?? defaultServiceName,
            Value("OTEL_EXPORTER_OTLP_ENDPOINT") is not null || Value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") is not null,
            sampler is not null,
            sampler is not null || ratio is null ? DefaultSampleRatio
                : double.TryParse(ratio, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) && share <= 1 ? share
                : throw new SettingsException($"Invalid environment variable OTEL_TRACES_SAMPLER_ARG: expected a ratio from 0 to 1 (the share of requests traced), got '{ratio}'"),
            perSecond is null ? DefaultTracesPerSecond
                : int.TryParse(perSecond, NumberStyles.None, CultureInfo.InvariantCulture, out var cap) ? cap
                : throw new SettingsException($"Invalid environment variable HUU_TRACES_PER_SECOND: expected a whole number of traces a second (0: no cap), got '{perSecond}'"),
            string.Equals(Value("LOG_FORMAT"), "json", StringComparison.OrdinalIgnoreCase),
            Value("HUU_METRICS_TOKEN"),
            port is null ? null
                : int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536 ? number
                : throw new SettingsException($"Invalid environment variable HUU_METRICS_PORT: expected a port number, got '{port}'"),
            Value("HUU_METRICS_HOST") ?? "127.0.0.1");
    }
}
