using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// A silo dies in the middle of a sign-up (HUU_CRASH_AT makes it die at a named point, as
/// abruptly as SIGKILL): the gateway cannot know what was applied and answers 503 OUTCOME_UNKNOWN;
/// the next silo's start-up sweep undoes the half-done account.
/// </summary>
public sealed class InterruptedSignUpTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("signup-after-store")]
    [InlineData("signup-after-cognito")]
    public async Task A_sign_up_interrupted_by_a_crash_is_undone_by_the_next_silo(string crashPoint)
    {
        var stack = new CrashingStack(crashPoint);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await stack.InitializeAsync();
            output.WriteLine($"stack up {clock.Elapsed}");
            var email = TestAccounts.NewEmail("crash");
            using (var signUp = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/signup", UriKind.Relative),
                new { email, password = TestAccounts.Password, firstName = "Crash", role = "host" }))
            {
                await Error(signUp, HttpStatusCode.ServiceUnavailable, "OUTCOME_UNKNOWN");
            }

            output.WriteLine($"signup answered {clock.Elapsed}");
            Assert.NotEqual(0, await stack.Silos[0].WaitForExit(TimeSpan.FromSeconds(30)));
            var cognito = CognitoAdmin.For(stack.Environment);
            Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
            Assert.Equal(crashPoint == "signup-after-cognito", await cognito.HasAccount(email));

            stack.Environment.Remove("HUU_CRASH_AT");
            stack.StartSilo();
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));
            output.WriteLine($"second silo ready {clock.Elapsed}");
            await WaitFor(async () => await StoredUsers.Count(stack.ConnectionString, email) == 0 && !await cognito.HasAccount(email));

            // Neither system keeps the account, so the email can sign up again.
            output.WriteLine($"recovered {clock.Elapsed}");
            await TestAccounts.SignUp(stack, "host", email);
            output.WriteLine($"signed up again {clock.Elapsed}");
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_invite_interrupted_after_Cognito_is_undone_with_its_case()
    {
        var stack = new CrashingStack(CrashPointInvite);
        try
        {
            await stack.InitializeAsync();
            var coordinator = await TestAccounts.SignUp(stack, "coordinator");
            var email = TestAccounts.NewEmail("invited");
            using (var invite = ServiceStack.Request(HttpMethod.Post, "/api/auth/invite", coordinator.AccessToken, System.Net.Http.Json.JsonContent.Create(new { email, firstName = "Half" })))
            using (var response = await stack.Http.SendAsync(invite))
            {
                await Error(response, HttpStatusCode.ServiceUnavailable, "OUTCOME_UNKNOWN");
            }

            Assert.NotEqual(0, await stack.Silos[0].WaitForExit(TimeSpan.FromSeconds(30)));
            var cognito = CognitoAdmin.For(stack.Environment);
            Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
            Assert.True(await cognito.HasAccount(email));
            Assert.Equal(1, await StoredUsers.OpenCasesOf(stack.ConnectionString, coordinator.UserId));

            stack.Environment.Remove("HUU_CRASH_AT");
            var metricsPort = FreePort.Next();
            stack.Environment["HUU_METRICS_PORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            stack.StartSilo();
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));
            await WaitFor(async () => await StoredUsers.Count(stack.ConnectionString, email) == 0 && !await cognito.HasAccount(email));

            // The recovering silo counted the flow it undid, and none is left pending.
            using (var scraper = new HttpClient())
            {
                var metrics = await scraper.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
                Assert.Matches("(?m)^huu_identity_flows_recovered_total\\{[^}]*flow=\"invite\"[^}]*\\} 1", metrics);
                Assert.Matches("(?m)^huu_identity_flows_pending(\\{[^}]*\\})? 0", metrics);
            }

            // No case was left behind for the guest who does not exist, and the email can be invited again.
            Assert.Equal(0, await StoredUsers.OpenCasesOf(stack.ConnectionString, coordinator.UserId));
            var guest = await TestAccounts.Invited(stack, await TestAccounts.SignIn(stack, coordinator.Email, coordinator.Password));
            Assert.Equal("guest", guest.Role);
            Assert.Equal(1, await StoredUsers.OpenCasesOf(stack.ConnectionString, coordinator.UserId));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private const string CrashPointInvite = "invite-after-cognito";

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 120; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail("The interrupted sign-up was not undone within a minute");
    }

    private sealed class CrashingStack(string crashPoint) : ServiceStack
    {
        protected override string HuuEnvironment => "test";

        protected override void Configure(Dictionary<string, string> environment) => environment["HUU_CRASH_AT"] = crashPoint;
    }
}
