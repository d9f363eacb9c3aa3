using OpenTelemetry.Trace;

namespace HomeUniteUs.Observability;

/// <summary>
/// The default sampler: a trace starts only at an incoming HTTP request (ASP.NET Core's server
/// span), kept at <paramref name="ratio"/> and at most <paramref name="rootsPerSecond"/> a second
/// (0: no cap); everything else follows its parent. So a silo starts no trace of its own: a grain
/// call that arrives without a sampled parent (the request was not kept, or it is background work
/// such as membership heartbeats and gateway list refreshes) is not recorded, and each kept
/// request is one whole trace from gateway to database. The cap bounds what tracing costs a busy
/// gateway (every kept trace is built and exported) whatever the load, while a quiet one still keeps
/// its full share. OTEL_TRACES_SAMPLER replaces it.
/// </summary>
public sealed class ServerRootSampler(double ratio, int rootsPerSecond = 0, TimeProvider? clock = null) : Sampler
{
    /// <summary>The name ASP.NET Core gives the span of an incoming request.</summary>
    public const string HttpRequestSpan = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly ParentBasedSampler inner = new(new TraceIdRatioBasedSampler(ratio));
    private readonly TimeProvider time = clock ?? TimeProvider.System;
    private long second = -1;
    private int taken;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.ParentContext.TraceId != default)
        {
            return inner.ShouldSample(samplingParameters);
        }

        if (samplingParameters.Kind != ActivityKind.Server || samplingParameters.Name != HttpRequestSpan)
        {
            return Drop;
        }

        var result = inner.ShouldSample(samplingParameters);
        return result.Decision == SamplingDecision.Drop || rootsPerSecond <= 0 || TakeOne() ? result : Drop;
    }

    /// <summary>One of this second's roots, if any are left (a new second starts a new count).</summary>
    private bool TakeOne()
    {
        var now = time.GetTimestamp() / time.TimestampFrequency;
        var current = Volatile.Read(ref second);
        if (now != current && Interlocked.CompareExchange(ref second, now, current) == current)
        {
            Volatile.Write(ref taken, 0);
        }

        return Interlocked.Increment(ref taken) <= rootsPerSecond;
    }
}
