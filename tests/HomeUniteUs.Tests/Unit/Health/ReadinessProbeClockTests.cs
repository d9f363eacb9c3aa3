using System.Net;
using HomeUniteUs.Configuration;
using HomeUniteUs.WebGateway.Health;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HomeUniteUs.Tests.Unit.Health;

/// <summary>
/// The readiness probe's reuse on a fake clock: however many callers ask within <see cref="ReadinessProbe.Lifetime"/>,
/// the key set is fetched once; the first call after the lifetime fetches again. (The dependencies answer at once: a
/// closed database port, a key-set stand-in that counts, no silo.)
/// </summary>
public sealed class ReadinessProbeClockTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly CountingKeySet keySet = new();
    private readonly NpgsqlDataSource database = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={Infrastructure.FreePort.Next()};Username=u;Password=p;Timeout=2;Pooling=false");
    private readonly ClusterClientHost cluster;
    private readonly ReadinessProbe probe;

    public ReadinessProbeClockTests()
    {
        var settings = HuuSettings.Load(Infrastructure.RequiredSettings.Unreachable());
        cluster = new ClusterClientHost(settings, NullLoggerFactory.Instance);
        var lifetime = new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance);
        probe = new ReadinessProbe(cluster, database, keySet, settings, clock, new GracefulShutdown(settings, lifetime, NullLogger<GracefulShutdown>.Instance));
    }

    [Fact]
    public async Task Callers_within_the_lifetime_share_one_evaluation_and_the_first_after_it_starts_another()
    {
        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => probe.Current()));
        Assert.Equal(1, keySet.Fetches);
        Assert.All(first, report => Assert.Same(first[0], report));
        Assert.Equal(["database", "cluster"], first[0].Failing);

        clock.Advance(ReadinessProbe.Lifetime - TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 20; i++)
        {
            Assert.Same(first[0], await probe.Current());
        }

        Assert.Equal(1, keySet.Fetches);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await probe.Current();
        Assert.NotSame(first[0], second);
        Assert.Equal(2, keySet.Fetches);
        Assert.Same(second, await probe.Current());
        Assert.Equal(2, keySet.Fetches);
    }

    public void Dispose()
    {
        database.Dispose();
        keySet.Dispose();
    }

    /// <summary>The pool's key set (one key), counting how often it is fetched.</summary>
    private sealed class CountingKeySet : HttpMessageHandler, IHttpClientFactory
    {
        private int fetches;

        public int Fetches => Volatile.Read(ref fetches);

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref fetches);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":"sXchYm9wZQ","e":"AQAB"}]}"""),
            });
        }
    }
}
