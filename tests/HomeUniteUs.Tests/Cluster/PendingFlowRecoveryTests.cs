using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Cognito creates the account but its reply is lost, and then refuses the rollback: the flow stays
/// pending. Once Cognito answers again, the running silo undoes it by itself (no restart, no request
/// of that person), and says so in its log.
/// </summary>
public sealed class PendingFlowRecoveryTests(ITestOutputHelper output)
{
    /// <summary>Sweeps run every 10 s, backing off to 80 s while Cognito refuses: one full pause plus a sweep.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(100);

    [Fact]
    public async Task A_sign_up_whose_reply_and_rollback_were_lost_is_undone_in_the_background_once_Cognito_is_back()
    {
        var (_, motoUrl) = await SharedServers.Get();
        await using var proxy = new CognitoFaultProxy(new Uri(motoUrl));
        var stack = new ProxiedStack(proxy);
        try
        {
            await stack.InitializeAsync();
            var cognito = CognitoAdmin.For(new Dictionary<string, string>(stack.Environment) { ["COGNITO_IDP_ENDPOINT_URL"] = motoUrl });
            var email = TestAccounts.NewEmail("lost");

            proxy.Set(new Dictionary<string, CognitoFaultProxy.Fault>
            {
                ["SignUp"] = CognitoFaultProxy.Fault.LoseReply,
                ["AdminDeleteUser"] = CognitoFaultProxy.Fault.Refuse,
            });
            using (var signUp = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/signup", UriKind.Relative),
                new { email, password = TestAccounts.Password, firstName = "Lost", role = "guest" }))
            {
                await Error(signUp, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            }

            // The half-done state of the finding: an account in Cognito, nobody in the store.
            Assert.True(await cognito.HasAccount(email));
            Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));

            proxy.Heal();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (await cognito.HasAccount(email) && clock.Elapsed < Bound)
            {
                await Task.Delay(500);
            }

            output.WriteLine($"undone {clock.Elapsed.TotalSeconds:0.0} s after Cognito came back");
            Assert.False(await cognito.HasAccount(email), $"still in Cognito {Bound.TotalSeconds} s after Cognito came back");
            Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
            var silo = Assert.Single(stack.Silos);
            Assert.False(silo.HasExited);
            Assert.True(await silo.Logged("Pending identity flows: 1 found, 1 finished or undone, 0 still pending"), silo.Output);

            // Both systems agree that there is no account: the email signs up again.
            await TestAccounts.SignUp(stack, "guest", email);
        }
        finally
        {
            output.WriteLine(string.Join("\n", stack.Silos.Select(s => s.Output)));
            await stack.DisposeAsync();
        }
    }

    private sealed class ProxiedStack(CognitoFaultProxy proxy) : ServiceStack
    {
        protected override string HuuEnvironment => "test";

        protected override void Configure(Dictionary<string, string> environment) =>
            environment["COGNITO_IDP_ENDPOINT_URL"] = proxy.Address.ToString().TrimEnd('/');
    }
}
