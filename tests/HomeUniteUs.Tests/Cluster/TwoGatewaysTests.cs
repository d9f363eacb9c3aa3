using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>Two gateway processes in front of one cluster: they serve the same data, and a sign-out on one reaches the other.</summary>
public sealed class TwoGatewaysTests
{
    [Fact]
    public async Task A_second_gateway_serves_the_same_cluster_and_honours_a_sign_out_made_on_the_first()
    {
        var stack = new ServiceStack();
        ServiceProcess? second = null;
        try
        {
            await stack.InitializeAsync();
            var port = FreePort.Next();
            var environment = new Dictionary<string, string>(stack.Environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
            second = ServiceProcess.Start("gateway2", RepoPaths.GatewayDll, environment);
            using var other = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.True(await ServiceStack.AnswersReady(other, TimeSpan.FromSeconds(60)), "The second gateway never became ready");

            var account = await TestAccounts.SignUp(stack, "host");
            using (var before = await Get(other, "/api/users/current", account.AccessToken))
            {
                Assert.Equal(account.UserId, (await Json(before, HttpStatusCode.OK)).GetProperty("id").GetInt64());
            }

            using (var signOut = ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", account.AccessToken))
            using (var signedOut = await stack.Http.SendAsync(signOut))
            {
                await Json(signedOut, HttpStatusCode.OK);
            }

            // The other gateway may reuse its last verdict for at most StoreCallerCheck.VerdictLifetime (1 s).
            var clock = Stopwatch.StartNew();
            HttpStatusCode status;
            do
            {
                await Task.Delay(100);
                using var after = await Get(other, "/api/users/current", account.AccessToken);
                status = after.StatusCode;
            }
            while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(10));

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the sign-out reached the other gateway after {clock.Elapsed}");
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await stack.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> Get(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
