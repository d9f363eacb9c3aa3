using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>A client whose answer was lost retries through another gateway with its Idempotency-Key (invariant 13).</summary>
public sealed class IdempotencyAcrossGatewaysTests
{
    [Fact]
    public async Task A_retry_through_another_gateway_replays_the_first_answer_and_applies_nothing()
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

            var admin = (await stack.Seeded("admin@example.com")).AccessToken;
            var name = "Across " + Guid.NewGuid().ToString("N")[..10];
            var key = Guid.NewGuid().ToString();
            using var first = await Post(stack.Http, admin, name, key);
            var created = await Json(first, HttpStatusCode.Created);

            using var retried = await Post(other, admin, name, key);
            Assert.Equal(created.GetRawText(), (await Json(retried, HttpStatusCode.Created)).GetRawText());
            Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());

            using var list = await other.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
            Assert.Single((await Json(list, HttpStatusCode.OK)).EnumerateArray(), org => org.GetProperty("org_name").GetString() == name);
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

    private static async Task<HttpResponseMessage> Post(HttpClient http, string token, string name, string key)
    {
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", token, JsonContent($$"""{"org_name":"{{name}}"}"""));
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request);
    }
}
