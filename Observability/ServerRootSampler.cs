using OpenTelemetry.Trace;

namespace HomeUniteUs.Observability;

/// <summary>
/// The default sampler: a trace starts only at an incoming HTTP request (ASP.NET Core's server
/// span), kept at <paramref name="ratio"/>; everything else follows its parent. So a silo starts
/// no trace of its own: a grain call that arrives without a sampled parent (the request was not
/// kept, or it is background work such as membership heartbeats and gateway list refreshes) is
/// not recorded, and each kept request is one whole trace from gateway to database.
/// OTEL_TRACES_SAMPLER replaces it.
/// </summary>
public sealed class ServerRootSampler(double ratio) : Sampler
{
    /// <summary>The name ASP.NET Core gives the span of an incoming request.</summary>
    public const string HttpRequestSpan = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly ParentBasedSampler inner = new(new TraceIdRatioBasedSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default
            && (samplingParameters.Kind != ActivityKind.Server || samplingParameters.Name != HttpRequestSpan)
            ? Drop
            : inner.ShouldSample(samplingParameters);
}
