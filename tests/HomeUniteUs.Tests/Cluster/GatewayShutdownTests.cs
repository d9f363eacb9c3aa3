using System.Net;
using System.Text;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// A gateway told to stop (SIGTERM) while a request is in flight: first it reports not-ready on
/// /api/health/ready while still accepting connections (HUU_SHUTDOWN_DELAY), then it stops accepting, and the
/// request in flight — a create whose body is still arriving — is answered and applied; then the process exits 0.
/// The stopping gateway is a second one next to the stack's, which serves the checks afterwards.
/// </summary>
public sealed class GatewayShutdownTests(ServiceStack stack) : IClassFixture<ServiceStack>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_gateway_told_to_stop_reports_not_ready_then_stops_accepting_and_answers_the_request_in_flight()
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>(stack.Environment)
        {
            ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
            ["HUU_SHUTDOWN_DELAY"] = "4",
        };
        await using var gateway = ServiceProcess.Start("stopping-gateway", RepoPaths.GatewayDll, environment);
        // A new connection per request: "accepting" is about new connections.
        using var probe = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseCookies = false })
        { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        Assert.True(await ServiceStack.AnswersReady(probe, Bound), "The gateway never became ready\n" + gateway.Output);

        var name = "Created while stopping " + Guid.NewGuid().ToString("N");
        var body = new TrickledJson($$"""{"org_name":"{{name}}"}""");
        using var slow = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = address, Timeout = Bound * 2 };
        using var create = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin, body);
        var answer = slow.SendAsync(create);
        await body.Sending.WaitAsync(Bound);

        await gateway.Terminate();
        JsonElement notReady = default;
        var whileNotReady = HttpStatusCode.ServiceUnavailable;
        Assert.True(await Poll(async () =>
        {
            using var ready = await probe.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
            if (ready.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return false;
            }

            notReady = await Json(ready, HttpStatusCode.ServiceUnavailable);
            // Still accepting while it says so: the load balancer has time to take it out.
            using var live = await probe.GetAsync(new Uri("/api/health", UriKind.Relative));
            whileNotReady = live.StatusCode;
            return true;
        }), "The stopping gateway never reported not-ready\n" + gateway.Output);
        Assert.Equal("SERVICE_UNAVAILABLE", notReady.GetProperty("code").GetString());
        Assert.StartsWith("unavailable", notReady.GetProperty("checks").GetProperty("gateway").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, whileNotReady);

        Assert.True(await Poll(async () =>
        {
            try
            {
                using var live = await probe.GetAsync(new Uri("/api/health", UriKind.Relative));
                return false;
            }
            catch (HttpRequestException)
            {
                return true;
            }
        }), "The stopping gateway kept accepting connections\n" + gateway.Output);
        Assert.False(answer.IsCompleted, "The request in flight ended before its body was complete");

        body.Finish();
        using (var created = await answer)
        {
            var id = (await Json(created, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
            using var read = await stack.Http.GetAsync(new Uri($"/api/housing-orgs/{id}", UriKind.Relative));
            Assert.Equal(name, (await Json(read, HttpStatusCode.OK)).GetProperty("org_name").GetString());
        }

        Assert.Equal(0, await gateway.WaitForExit(Bound));
    }

    /// <summary>Polls every 100 ms until <paramref name="check"/> holds, for at most <see cref="Bound"/>.</summary>
    private static async Task<bool> Poll(Func<Task<bool>> check)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            if (await check())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>
    /// A JSON body that keeps arriving (leading whitespace, 512 bytes every 100 ms, well above Kestrel's minimum
    /// data rate) until <see cref="Finish"/>, then the JSON itself: a request in flight for as long as the test wants.
    /// </summary>
    private sealed class TrickledJson : HttpContent
    {
        private readonly byte[] json;
        private readonly TaskCompletionSource sending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TrickledJson(string json)
        {
            this.json = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        /// <summary>Completes once the first bytes of the body are on their way.</summary>
        public Task Sending => sending.Task;

        public void Finish() => finish.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var padding = Encoding.ASCII.GetBytes(new string(' ', 512));
            while (!finish.Task.IsCompleted)
            {
                await stream.WriteAsync(padding);
                await stream.FlushAsync();
                sending.TrySetResult();
                await Task.WhenAny(finish.Task, Task.Delay(100));
            }

            await stream.WriteAsync(json);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
