using OpenTelemetry.Trace;

namespace HomeUniteUs.Observability;

/// <summary>
/// The default sampler: a trace starts only at an incoming request (server span), kept at
/// <paramref name="ratio"/>; everything else follows its parent. Background work without a
/// request (membership heartbeats, gateway list refreshes: Npgsql commands every few
/// seconds) starts no trace. OTEL_TRACES_SAMPLER replaces it.
/// </summary>
public sealed class ServerRootSampler(double ratio) : Sampler
{
    private readonly ParentBasedSampler inner = new(new TraceIdRatioBasedSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind != ActivityKind.Server
            ? new SamplingResult(SamplingDecision.Drop)
            : inner.ShouldSample(samplingParameters);
}
