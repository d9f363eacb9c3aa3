using HomeUniteUs.Observability;
using OpenTelemetry.Metrics;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>
/// Where the gateway runs: its own process (an Orleans client that connects to the cluster), or inside a
/// silo that co-hosts the API (HUU_COHOSTED_API), where grain calls go through the silo's own client and
/// the silo adds its meters to the one telemetry set-up.
/// </summary>
public sealed record GatewayHosting(bool InSilo, string ServiceName, Action<MeterProviderBuilder, TelemetrySettings>? Metrics = null)
{
    public static readonly GatewayHosting OwnProcess = new(InSilo: false, Telemetry.DefaultServiceName);
}
