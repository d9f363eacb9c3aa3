using OpenTelemetry.Trace;

namespace HomeUniteUs.Observability;

/// <summary>
/// The default sampler: a trace starts only at an incoming HTTP request (ASP.NET Core's server
/// span), kept at <paramref name="ratio"/>; everything else follows its parent. So a silo starts
/// no trace of its own: a grain call that arrives without a sampled parent (the request was not
/// kept, or it is background work such as membership heartbeats and gateway list refreshes) is
/// not recorded, and each kept request is one whole trace from gateway to database.
/// A scrape of <see cref="UnsampledPath"/> is never recorded. OTEL_TRACES_SAMPLER replaces it.
/// </summary>
public sealed class ServerRootSampler(double ratio) : Sampler
{
    /// <summary>The name ASP.NET Core gives the span of an incoming request.</summary>
    public const string HttpRequestSpan = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    /// <summary>The metrics endpoint: scraped every few seconds, nothing to follow.</summary>
    public const string UnsampledPath = "/metrics";

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly ParentBasedSampler inner = new(new TraceIdRatioBasedSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var request = samplingParameters.Kind == ActivityKind.Server && samplingParameters.Name == HttpRequestSpan;
        if (request ? IsScrape(samplingParameters.Tags) : samplingParameters.ParentContext.TraceId == default)
        {
            return Drop;
        }

        return inner.ShouldSample(samplingParameters);
    }

    /// <summary>ASP.NET Core passes the request's url.path among the tags it starts the span with.</summary>
    private static bool IsScrape(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (tags is null)
        {
            return false;
        }

        foreach (var (key, value) in tags)
        {
            if (key == "url.path" && value is string path)
            {
                return path.StartsWith(UnsampledPath, StringComparison.Ordinal)
                    && (path.Length == UnsampledPath.Length || path[UnsampledPath.Length] == '/');
            }
        }

        return false;
    }
}
