using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Readiness is cheap to poll: concurrent callers share one evaluation and its result is reused, so the gateway
/// fetches Cognito's key set for a few of fifty calls, not for each. (The reuse period itself is proven on a fake
/// clock: <c>Unit/Health/ReadinessProbeClockTests</c>.)
/// </summary>
public sealed class ReadinessTests(ReadinessTests.CountedCognitoStack stack) : IClassFixture<ReadinessTests.CountedCognitoStack>
{
    private const int Rounds = 5;
    private const int Concurrent = 10;

    [Fact]
    public async Task Fifty_readiness_calls_fetch_the_key_set_for_few_of_them()
    {
        stack.Proxy.Reset();
        for (var round = 0; round < Rounds; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative))));
            foreach (var answer in answers)
            {
                Assert.Equal("ready", (await Json(answer, HttpStatusCode.OK)).GetProperty("status").GetString());
                answer.Dispose();
            }
        }

        // At most one evaluation per round of concurrent calls (they share it, and the next calls reuse its result
        // for 2 s); the bound leaves room for rounds slowed by a loaded machine, and a probe without reuse fetches 50.
        Assert.InRange(stack.Proxy.Count, 0, Rounds * Concurrent / 5);
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
