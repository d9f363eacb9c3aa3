using System.Diagnostics;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>Readiness is cheap to poll: its result is reused for a couple of seconds, so Cognito's key set is fetched at most once per period.</summary>
public sealed class ReadinessTests(ReadinessTests.CountedCognitoStack stack) : IClassFixture<ReadinessTests.CountedCognitoStack>
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Fifty_readiness_calls_fetch_the_key_set_at_most_once_per_period()
    {
        stack.Proxy.Reset();
        var elapsed = Stopwatch.StartNew();
        for (var round = 0; round < 5; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative))));
            foreach (var answer in answers)
            {
                Assert.Equal("ready", (await Json(answer, HttpStatusCode.OK)).GetProperty("status").GetString());
                answer.Dispose();
            }
        }

        var periods = (int)Math.Ceiling(elapsed.Elapsed / Period) + 1;
        Assert.InRange(stack.Proxy.Count, 0, periods);
    }

    /// <summary>Cognito reached through a proxy that counts key-set fetches.</summary>
    public sealed class CountedCognitoStack : ServiceStack
    {
        public CountingProxy Proxy { get; private set; } = null!;

        protected override string HuuEnvironment => "test";

        protected override void Configure(Dictionary<string, string> environment)
        {
            Proxy = new CountingProxy(new Uri(environment["COGNITO_IDP_ENDPOINT_URL"]), "/.well-known/jwks.json");
            environment["COGNITO_IDP_ENDPOINT_URL"] = Proxy.Address.ToString().TrimEnd('/');
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Proxy.DisposeAsync();
        }
    }
}
