using System.Diagnostics;
using HomeUniteUs.Observability;
using OpenTelemetry.Trace;

namespace HomeUniteUs.Tests.Unit.Observability;

public sealed class ServerRootSamplerTests
{
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateRandom();

    [Fact]
    public void A_trace_starts_only_at_an_incoming_request()
    {
        var sampler = new ServerRootSampler(1.0);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root(ActivityKind.Client)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root(ActivityKind.Internal)).Decision);
    }

    [Fact]
    public void A_span_with_a_parent_follows_the_parents_sampled_flag_whatever_the_ratio()
    {
        var none = new ServerRootSampler(0.0);
        Assert.Equal(SamplingDecision.RecordAndSample, none.ShouldSample(Child(ActivityTraceFlags.Recorded)).Decision);
        Assert.Equal(SamplingDecision.Drop, new ServerRootSampler(1.0).ShouldSample(Child(ActivityTraceFlags.None)).Decision);
        Assert.Equal(SamplingDecision.Drop, none.ShouldSample(Root(ActivityKind.Server)).Decision);
    }

    private static SamplingParameters Root(ActivityKind kind) => new(default, TraceId, "span", kind);

    private static SamplingParameters Child(ActivityTraceFlags flags) =>
        new(new ActivityContext(TraceId, ActivitySpanId.CreateRandom(), flags, isRemote: true), TraceId, "span", ActivityKind.Client);
}
