using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>The gateway's own meter: refused requests by error code, reruns after a silo left, and what the read caches hold.</summary>
public static class GatewayMetrics
{
    private static readonly Meter Meter = new("HomeUniteUs.Gateway");
    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("huu.gateway.refusals", "{request}",
        "Requests answered 503, by code (SERVICE_UNAVAILABLE or OUTCOME_UNKNOWN); the log has only an outage's start and end");

    private static readonly Counter<long> Reruns = Meter.CreateCounter<long>("huu.gateway.cluster_reruns", "{attempt}",
        "Requests run again because a silo left mid-call (reads, and creates with an Idempotency-Key), by exception");

    private static long readCacheCopies;

    static GatewayMetrics() =>
        Meter.CreateObservableGauge("huu.gateway.read_cache.copies", () => Interlocked.Read(ref readCacheCopies), "{copy}",
            "Response bodies the read caches of this process hold");

    /// <summary>Exports this meter (its gauge is there from the start, before the first copy is kept).</summary>
    public static MeterProviderBuilder AddGatewayMeter(this MeterProviderBuilder metrics) => metrics.AddMeter(Meter.Name);

    /// <summary>A request was answered 503 with <paramref name="code"/>.</summary>
    public static void Refused(string code) => Refusals.Add(1, new KeyValuePair<string, object?>("code", code));

    /// <summary>A request is run again after <paramref name="reason"/> (<see cref="ClusterRetryMiddleware"/>).</summary>
    public static void Rerun(string reason) => Reruns.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The read caches hold <paramref name="delta"/> more (or fewer) copies.</summary>
    public static void ReadCacheCopies(long delta) => Interlocked.Add(ref readCacheCopies, delta);
}
