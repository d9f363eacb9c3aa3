using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Cohosted;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// The gateways serve repeated reads from their read caches (a traced read shows no grain call behind it);
/// a write through any gateway is seen by the very next read through any other (no waiting, no retry), which
/// fetches again; and a write after a gateway died holding copies is acknowledged once the hub gave up on that
/// gateway (the bound, its lease, is proven on a fake clock in <c>ReadCacheHubClockTests</c>).
/// </summary>
public sealed class ReadCacheTests
{
    [Fact]
    public async Task A_write_through_one_gateway_is_seen_by_the_next_read_through_another()
    {
        var stack = new TracedStack();
        ServiceProcess? second = null;
        try
        {
            await stack.InitializeAsync();
            (second, var other) = await StartGateway(stack);
            using var otherClient = other;
            var admin = (await stack.Seeded("admin@example.com")).AccessToken;

            // Housing orgs: each rename and the delete are visible at once through the other gateway,
            // whose copies were read (and so cached) just before.
            using var created = await Send(stack.Http, HttpMethod.Post, "/api/housing-orgs", admin, """{"org_name":"Cached org 0"}""");
            var id = (await Json(created, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
            for (var round = 1; round <= 5; round++)
            {
                await ReadTwice(other, $"/api/housing-orgs/{id}");
                await ReadTwice(other, "/api/housing-orgs");

                // Served from the second gateway's copies: no grain call behind either read.
                Assert.Equal(0, await stack.FetchesBehind(other, $"/api/housing-orgs/{id}"));
                Assert.Equal(0, await stack.FetchesBehind(other, "/api/housing-orgs"));
                using var renamed = await Send(stack.Http, HttpMethod.Put, $"/api/housing-orgs/{id}", admin, $$"""{"org_name":"Cached org {{round}}"}""");
                await Json(renamed, HttpStatusCode.OK);

                // The copy was dropped: the next read fetches again.
                Assert.Equal(1, await stack.FetchesBehind(other, $"/api/housing-orgs/{id}"));
                using var byId = await Send(other, HttpMethod.Get, $"/api/housing-orgs/{id}");
                Assert.Equal($"Cached org {round}", (await Json(byId, HttpStatusCode.OK)).GetProperty("org_name").GetString());
                using var list = await Send(other, HttpMethod.Get, "/api/housing-orgs");
                Assert.Contains((await Json(list, HttpStatusCode.OK)).EnumerateArray(),
                    org => org.GetProperty("housing_org_id").GetInt64() == id && org.GetProperty("org_name").GetString() == $"Cached org {round}");
            }

            await ReadTwice(other, $"/api/housing-orgs/{id}");
            using (var deleted = await Send(stack.Http, HttpMethod.Delete, $"/api/housing-orgs/{id}", admin))
            {
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }

            using (var gone = await Send(other, HttpMethod.Get, $"/api/housing-orgs/{id}"))
            {
                await Error(gone, HttpStatusCode.NotFound, "NOT_FOUND");
            }

            // The current user: deleted through the first gateway, refused at once by the second.
            var host = await TestAccounts.SignUp(stack, "host");
            await ReadTwice(other, "/api/users/current", host.AccessToken);
            using (var deleteUser = await Send(stack.Http, HttpMethod.Delete, $"/api/users/{host.UserId}", admin))
            {
                await Json(deleteUser, HttpStatusCode.OK);
            }

            using (var current = await Send(other, HttpMethod.Get, "/api/users/current", host.AccessToken))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, current.StatusCode);
            }

            // The dashboard: a poll answered 304 from the copy; after a case change, the next poll is the new document.
            var coordinator = (await stack.Seeded("coordinatorb@example.com")).AccessToken;
            var guest = await stack.Seeded("guestb@example.com");
            using var first = await Send(other, HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator);
            await Json(first, HttpStatusCode.OK);
            var etag = first.Headers.ETag!.Tag;
            using (var unchanged = await Send(other, HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator, ifNoneMatch: etag))
            {
                Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            }

            // An admin's change (no coordinator takes a seeded guest's case: issue 18, finding 3).
            using (var change = await Send(stack.Http, HttpMethod.Put, $"/api/coordinator/cases/{guest.UserId}", admin, """{"notes":"seen at once"}"""))
            {
                await Json(change, HttpStatusCode.OK);
            }

            using (var changed = await Send(other, HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator, ifNoneMatch: etag))
            {
                var items = (await Json(changed, HttpStatusCode.OK)).GetProperty("dashboardItems").EnumerateArray();
                Assert.Contains(items, item => item.GetProperty("id").GetInt64() == guest.UserId && item.GetProperty("notes").GetString() == "seen at once");
                Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
            }

            // A gateway killed while holding copies: the next write is acknowledged, the hub having given up on
            // that gateway's answer and waited out its lease (how long: ReadCacheHubClockTests, on a fake clock).
            await ReadTwice(other, "/api/housing-orgs");
            var siloLog = stack.Silos[0].Output.Length;
            await second.Kill();
            using (var afterKill = await Send(stack.Http, HttpMethod.Post, "/api/housing-orgs", admin, """{"org_name":"After the kill"}"""))
            {
                await Json(afterKill, HttpStatusCode.Created);
            }

            Assert.True(await stack.Silos[0].Logged("did not drop its copy", siloLog), stack.Silos[0].Output[siloLog..]);
            using (var read = await Send(stack.Http, HttpMethod.Get, "/api/housing-orgs"))
            {
                Assert.Contains((await Json(read, HttpStatusCode.OK)).EnumerateArray(), org => org.GetProperty("org_name").GetString() == "After the kill");
            }
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

    [Fact]
    public async Task A_write_through_a_gateway_process_is_seen_by_the_next_read_of_a_cohosted_silo()
    {
        var stack = new CohostedServiceStack();
        ServiceProcess? gateway = null;
        try
        {
            await stack.InitializeAsync();
            (gateway, var separate) = await StartGateway(stack);
            using var separateClient = separate;
            var admin = (await stack.Seeded("admin@example.com")).AccessToken;
            using var created = await Send(separate, HttpMethod.Post, "/api/housing-orgs", admin, """{"org_name":"Co-hosted 0"}""");
            var id = (await Json(created, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
            for (var round = 1; round <= 3; round++)
            {
                await ReadTwice(stack.Http, $"/api/housing-orgs/{id}");
                using var renamed = await Send(separate, HttpMethod.Put, $"/api/housing-orgs/{id}", admin, $$"""{"org_name":"Co-hosted {{round}}"}""");
                await Json(renamed, HttpStatusCode.OK);
                using var read = await Send(stack.Http, HttpMethod.Get, $"/api/housing-orgs/{id}");
                Assert.Equal($"Co-hosted {round}", (await Json(read, HttpStatusCode.OK)).GetProperty("org_name").GetString());
            }
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            await stack.DisposeAsync();
        }
    }

    private static async Task<(ServiceProcess Process, HttpClient Client)> StartGateway(ServiceStack stack)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>(stack.Environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        environment.Remove("HUU_COHOSTED_API");
        var process = ServiceProcess.Start("gateway2", RepoPaths.GatewayDll, environment);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    // Reads are cached once the gateway holds its read-cache lease (renewed every second).
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    return (process, client);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        Assert.Fail("The second gateway never became ready\n" + process.Output);
        throw new UnreachableException();
    }

    private static async Task ReadTwice(HttpClient client, string path, string? token = null)
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await Send(client, HttpMethod.Get, path, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string? token = null, string? json = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = json is null ? null : JsonContent(json) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A stack whose processes export every request's trace to an <see cref="OtlpReceiver"/>: a read's grain calls are its fetches.</summary>
    private sealed class TracedStack : ServiceStack
    {
        public OtlpReceiver Otlp { get; } = new();

        protected override void Configure(Dictionary<string, string> environment)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            environment["OTEL_TRACES_SAMPLER_ARG"] = "1";
            environment["HUU_TRACES_PER_SECOND"] = "0";
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        }

        /// <summary>
        /// Reads <paramref name="path"/> through <paramref name="client"/> in a trace of its own and counts the grain
        /// calls the gateway made for it (Orleans' client spans): 0 when the read cache answered.
        /// </summary>
        public async Task<int> FetchesBehind(HttpClient client, string path)
        {
            var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
            using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)))
            {
                request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // Spans are exported as they end: a grain call's client span ends before the request's server span.
            var spans = await Otlp.WaitFor(all => all.Any(s => s.TraceId == traceId && s.Kind == ReceivedSpan.Server && s.Service == "huu-gateway"),
                "the read's server span");
            return spans.Count(s => s.TraceId == traceId && s.Service == "huu-gateway" && s.Kind == ReceivedSpan.Client && s.Scope == "Microsoft.Orleans.Application");
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Otlp.DisposeAsync();
        }
    }
}
