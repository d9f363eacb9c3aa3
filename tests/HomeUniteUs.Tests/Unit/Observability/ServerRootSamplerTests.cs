using System.Diagnostics;
using HomeUniteUs.Observability;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace HomeUniteUs.Tests.Unit.Observability;

public sealed class ServerRootSamplerTests
{
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateRandom();

    [Fact]
    public void A_trace_starts_only_at_an_incoming_http_request()
    {
        var sampler = new ServerRootSampler(1.0);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root(ActivityKind.Client)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root(ActivityKind.Internal)).Decision);
    }

    [Fact]
    public void A_grain_call_that_arrives_at_a_silo_without_a_parent_starts_no_trace()
    {
        // Orleans names the silo's server span after the grain method: the request it served was not kept.
        var grainCall = new SamplingParameters(default, TraceId, "HomeUniteUs.IHousingOrgGrain/Get", ActivityKind.Server);
        Assert.Equal(SamplingDecision.Drop, new ServerRootSampler(1.0).ShouldSample(grainCall).Decision);
    }

    [Fact]
    public void A_span_with_a_parent_follows_the_parents_sampled_flag_whatever_the_ratio()
    {
        var none = new ServerRootSampler(0.0);
        Assert.Equal(SamplingDecision.RecordAndSample, none.ShouldSample(Child(ActivityTraceFlags.Recorded)).Decision);
        Assert.Equal(SamplingDecision.Drop, new ServerRootSampler(1.0).ShouldSample(Child(ActivityTraceFlags.None)).Decision);
        Assert.Equal(SamplingDecision.Drop, none.ShouldSample(Root(ActivityKind.Server)).Decision);
    }

    [Fact]
    public void The_ratio_keeps_about_that_share_of_requests()
    {
        var sampler = new ServerRootSampler(0.1);
        var kept = Enumerable.Range(0, 20_000)
            .Count(_ => sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), ServerRootSampler.HttpRequestSpan, ActivityKind.Server)).Decision
                == SamplingDecision.RecordAndSample);
        Assert.InRange(kept, 1_700, 2_300);
    }

    [Fact]
    public void At_most_the_cap_of_requests_start_a_trace_each_second_and_children_are_never_capped()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sampler = new ServerRootSampler(1.0, rootsPerSecond: 3, clock);
        int Kept(int requests) => Enumerable.Range(0, requests)
            .Count(_ => sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), ServerRootSampler.HttpRequestSpan, ActivityKind.Server)).Decision
                == SamplingDecision.RecordAndSample);

        Assert.Equal(3, Kept(10));
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Child(ActivityTraceFlags.Recorded)).Decision);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, Kept(5));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(3, Kept(10));
    }

    private static SamplingParameters Root(ActivityKind kind) => new(default, TraceId, ServerRootSampler.HttpRequestSpan, kind);

    private static SamplingParameters Child(ActivityTraceFlags flags) =>
        new(new ActivityContext(TraceId, ActivitySpanId.CreateRandom(), flags, isRemote: true), TraceId, "span", ActivityKind.Client);
}
