using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Cognito goes down (every request to it refused, the key set included) after the admin signed in: an invite and
/// a user deletion answer 503 with Retry-After, and nothing is half-done — the store and Cognito agree on the
/// account (an invite leaves no usable account, a deletion leaves the whole one); once Cognito is back the same
/// requests succeed, without a restart.
/// </summary>
public sealed class CognitoDownMidFlowTests(CognitoDownMidFlowTests.ProxiedStack stack, ITestOutputHelper output) : IClassFixture<CognitoDownMidFlowTests.ProxiedStack>
{
    [Fact]
    public async Task An_invite_while_Cognito_is_down_is_503_and_leaves_no_account_in_either()
    {
        var admin = await stack.Seeded("admin@example.com");
        var email = TestAccounts.NewEmail("guest");
        await SignedIn(admin);
        stack.Proxy.Down = true;
        try
        {
            using var invite = await Send(HttpMethod.Post, "/api/auth/invite", admin.AccessToken, new { email, firstName = "Down" });
            await Error(invite, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.NotNull(invite.Headers.RetryAfter);
            Assert.False(await stack.Cognito.HasAccount(email));
            Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
        }
        finally
        {
            stack.Proxy.Heal();
        }

        // Once Cognito answers, the same invite goes through: the email was left free.
        await Until(async () =>
        {
            using var again = await Send(HttpMethod.Post, "/api/auth/invite", admin.AccessToken, new { email, firstName = "Down" });
            return again.StatusCode == HttpStatusCode.OK;
        });
        Assert.True(await stack.Cognito.HasAccount(email));
        Assert.Equal(1, await StoredUsers.ActiveCount(stack.ConnectionString, email));
    }

    [Fact]
    public async Task A_deletion_while_Cognito_is_down_is_503_and_leaves_the_whole_account()
    {
        var admin = await stack.Seeded("admin@example.com");
        var host = await TestAccounts.SignUp(stack, "host");
        await SignedIn(admin);
        stack.Proxy.Down = true;
        try
        {
            using var delete = await Send(HttpMethod.Delete, $"/api/users/{host.UserId}", admin.AccessToken);
            await Error(delete, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.NotNull(delete.Headers.RetryAfter);
            Assert.True(await stack.Cognito.HasAccount(host.Email));
            Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, host.Email));
        }
        finally
        {
            stack.Proxy.Heal();
        }

        // Cognito is back: the deletion is finished (by the retry, or by the background sweep before it) in both.
        await Until(async () =>
        {
            using var again = await Send(HttpMethod.Delete, $"/api/users/{host.UserId}", admin.AccessToken);
            return again.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound;
        });
        Assert.False(await stack.Cognito.HasAccount(host.Email));
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, host.Email));
    }

    /// <summary>
    /// A bounded poll of the service once Cognito is back: a flow Cognito refused mid-way is finished or undone by
    /// the next request of that person or by the silo's sweep (every 10 s, backing off to 80 s while Cognito
    /// refuses): one full pause plus a sweep, on a loaded machine.
    /// </summary>
    private async Task Until(Func<Task<bool>> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(100), "Not done 100 s after Cognito came back\n" + stack.Silos[0].Output[^Math.Min(4000, stack.Silos[0].Output.Length)..]);
            await Task.Delay(500);
        }

        output.WriteLine($"done {waited.Elapsed.TotalSeconds:0.0} s after Cognito came back");
    }

    /// <summary>The admin's token was used once while Cognito was up: the gateway holds the pool's signing keys, as in any running service.</summary>
    private async Task SignedIn(TestAccount admin)
    {
        using var current = await Send(HttpMethod.Get, "/api/users/current", admin.AccessToken);
        await Json(current, HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = ServiceStack.Request(method, path, token, body is null ? null : System.Net.Http.Json.JsonContent.Create(body));
        return await stack.Http.SendAsync(request);
    }

    /// <summary>A stack that reaches Cognito (moto) through a <see cref="CognitoFaultProxy"/>.</summary>
    public sealed class ProxiedStack : ServiceStack
    {
        public CognitoFaultProxy Proxy { get; private set; } = null!;

        /// <summary>Cognito itself, not through the proxy: what the pool really holds.</summary>
        public HomeUniteUs.Grains.Access.Cognito.CognitoClient Cognito { get; private set; } = null!;

        protected override async Task ConfigureAsync(Dictionary<string, string> environment)
        {
            var (_, motoUrl) = await SharedServers.Get();
            Proxy = new CognitoFaultProxy(new Uri(motoUrl));
            Cognito = CognitoAdmin.For(new Dictionary<string, string>(environment) { ["COGNITO_IDP_ENDPOINT_URL"] = motoUrl });
            environment["COGNITO_IDP_ENDPOINT_URL"] = Proxy.Address.ToString().TrimEnd('/');
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Proxy.DisposeAsync();
        }
    }
}
