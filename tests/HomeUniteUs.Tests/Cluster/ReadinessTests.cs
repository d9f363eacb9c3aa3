using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Readiness is cheap to poll: its result is reused, so fifty calls in a row fetch Cognito's key set a few
/// times, not fifty. (The reuse period itself, and concurrent callers sharing one evaluation, are proven on a
/// fake clock: <c>Unit/Health/ReadinessProbeClockTests</c>.)
/// </summary>
public sealed class ReadinessTests(ReadinessTests.CountedCognitoStack stack) : IClassFixture<ReadinessTests.CountedCognitoStack>
{
    private const int Calls = 50;

    [Fact]
    public async Task Fifty_readiness_calls_in_a_row_fetch_the_key_set_for_few_of_them()
    {
        stack.Proxy.Reset();
        for (var call = 0; call < Calls; call++)
        {
            using var answer = await stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
            Assert.Equal("ready", (await Json(answer, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        // One fetch per 2 s of calls: ten would mean the fifty local calls took 20 s (the bound is for a loaded
        // machine); a probe that does not reuse its result fetches fifty times.
        Assert.InRange(stack.Proxy.Count, 0, Calls / 5);
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
