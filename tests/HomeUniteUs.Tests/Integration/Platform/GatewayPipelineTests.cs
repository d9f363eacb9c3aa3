using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HomeUniteUs.Configuration;
using HomeUniteUs.Observability;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>
/// The rules of the gateway's middleware order (<see cref="GatewayPipeline.UseGateway"/>), on the gateway's own pipeline
/// hosted in the test process with one more route that fails the way a bug in product code would. Nothing here reaches
/// a grain or the database, so none is started: the settings name a closed port.
/// </summary>
public sealed class GatewayPipelineTests : IAsyncLifetime, IDisposable
{
    private const string FailingRoute = "/test/fails";
    private const string HiddenDetail = "detail that must stay in the log";

    private readonly ConcurrentQueue<Activity> requestSpans = new();
    private readonly ActivityListener listener;
    private WebApplication app = null!;
    private HttpClient http = null!;

    public GatewayPipelineTests()
    {
        // Records ASP.NET Core's request activities of this process (other in-process hosts' too: each test picks its own by request id).
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = requestSpans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        var settings = RequiredSettings.Unreachable();
        settings["LOG_LEVEL"] = "CRITICAL";
        settings["HUU_SHUTDOWN_DELAY"] = "0";
        builder.AddGateway(HuuSettings.Load(settings), GatewayHosting.OwnProcess);
        app = builder.Build();
        app.UseGateway();
        app.MapGet(FailingRoute, string () => throw new InvalidOperationException(HiddenDetail));
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    [Fact]
    public async Task An_exception_is_a_500_in_the_error_shape_with_the_request_id_and_without_its_detail()
    {
        var requestId = "pipeline-500-" + Guid.NewGuid().ToString("N");
        using var response = await Send(HttpMethod.Get, FailingRoute, requestId);

        var body = await Error(response, HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        Assert.Equal(requestId, body.GetProperty("requestId").GetString());
        Assert.DoesNotContain(HiddenDetail, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_in_the_error_shape_with_the_request_id()
    {
        var requestId = "pipeline-413-" + Guid.NewGuid().ToString("N");
        var json = "{\"org_name\":\"" + new string('a', (int)GatewayServices.MaxRequestBodyBytes) + "\"}";
        // Expect: 100-continue: the 413 comes before the body is written, so the client never races the server's close.
        using var response = await Send(HttpMethod.Post, "/api/housing-orgs", requestId, JsonContent(json), expectContinue: true);

        var body = await Error(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.Equal(requestId, body.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task A_request_has_one_request_span_that_carries_its_request_id_final_status_and_route()
    {
        var requestId = "pipeline-span-" + Guid.NewGuid().ToString("N");
        using (var response = await Send(HttpMethod.Get, FailingRoute, requestId))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        // The span ends just after the response is sent: a bounded wait for it, then a moment for a second one to show.
        var mine = await SpansOf(requestId, atLeast: 1);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        mine = await SpansOf(requestId, atLeast: 1);

        var span = Assert.Single(mine);
        Assert.Equal(ActivityKind.Server, span.Kind);
        // Described outside the exception handler: the status it wrote, and the route it had cleared.
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal(FailingRoute, span.GetTagItem("http.route"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("GET " + FailingRoute, span.DisplayName);
    }

    private async Task<List<Activity>> SpansOf(string requestId, int atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = requestSpans.Where(s => s.GetTagItem(TelemetryNames.RequestIdTag) as string == requestId).ToList();
            if (found.Count >= atLeast)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No request span tagged {requestId}");
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string requestId, HttpContent? content = null,
        bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Request-ID", requestId);
        if (expectContinue)
        {
            request.Headers.ExpectContinue = true;
        }
        return await http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public void Dispose()
    {
        listener.Dispose();
        http.Dispose();
    }
}
