using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class TracingTests(TelemetryStack stack)
{
    [Fact]
    public async Task A_grain_backed_request_is_one_trace_from_the_callers_traceparent_through_the_silo_to_PostgreSQL()
    {
        var admin = await stack.Seeded("admin@example.com");
        var (traceId, callerSpan, traceparent) = NewTraceparent();
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin.AccessToken,
            System.Net.Http.Json.JsonContent.Create(new { org_name = "Traced " + Guid.NewGuid().ToString("N") }));
        request.Headers.Add("traceparent", traceparent);
        using (var response = await stack.Http.SendAsync(request))
        {
            await Json(response, HttpStatusCode.Created);
        }

        var spans = await stack.Otlp.WaitFor(all => Trace(all, traceId) is var trace
            && trace.Any(s => s.Service == "huu-gateway" && s.Kind == ReceivedSpan.Server)
            && trace.Any(s => s.Service == "huu-silo" && s.Scope == "Npgsql"), "gateway request and silo Npgsql span");
        var trace = Trace(spans, traceId);

        var server = Assert.Single(trace, s => s.Service == "huu-gateway" && s.Kind == ReceivedSpan.Server);
        Assert.Equal(callerSpan, server.ParentSpanId);
        Assert.Contains(trace, s => s.Service == "huu-gateway" && s.Scope == "Microsoft.Orleans.Application" && s.Kind == ReceivedSpan.Client);
        Assert.Contains(trace, s => s.Service == "huu-silo" && s.Scope == "Microsoft.Orleans.Application" && s.Kind == ReceivedSpan.Server);
        var byId = trace.ToDictionary(s => s.SpanId);
        var npgsql = trace.Where(s => s.Service == "huu-silo" && s.Scope == "Npgsql").ToList();
        Assert.Contains(npgsql, command => Ancestors(command, byId).Any(a => a.Service == "huu-silo" && a.Scope == "Microsoft.Orleans.Application"));
        // Every span of the request hangs off the gateway's server span.
        Assert.All(trace.Where(s => s != server), s => Assert.Contains(server, Ancestors(s, byId)));
    }

    [Fact]
    public async Task A_request_without_traceparent_starts_its_own_trace_and_the_silo_starts_none()
    {
        var admin = await stack.Seeded("admin@example.com");
        // A caller's unsampled traceparent: the request is not kept, and no span of its grain call may start a trace in the silo.
        var (unsampled, _, sampledHeader) = NewTraceparent();
        using (var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin.AccessToken,
            System.Net.Http.Json.JsonContent.Create(new { org_name = "Unsampled " + Guid.NewGuid().ToString("N") })))
        {
            request.Headers.Add("traceparent", sampledHeader[..^2] + "00");
            using var response = await stack.Http.SendAsync(request);
            await Json(response, HttpStatusCode.Created);
        }

        var before = stack.Otlp.Spans.Select(s => s.TraceId).ToHashSet();
        using (var response = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin.AccessToken,
            System.Net.Http.Json.JsonContent.Create(new { org_name = "Own trace " + Guid.NewGuid().ToString("N") }))))
        {
            await Json(response, HttpStatusCode.Created);
        }

        // Spans are exported in the order they end: once this request's silo spans are in, an orphan of the first would be too.
        bool Mine(ReceivedSpan s) => s.Service == "huu-gateway" && s.Kind == ReceivedSpan.Server && !before.Contains(s.TraceId)
            && s.ParentSpanId.Trim('0').Length == 0 && s.Attributes.GetValueOrDefault("http.request.method") == "POST";
        var spans = await stack.Otlp.WaitFor(all => all.Where(Mine).Any(server => all.Any(s => s.TraceId == server.TraceId && s.Service == "huu-silo" && s.Scope == "Npgsql")),
            "the second request's own trace down to PostgreSQL");
        Assert.DoesNotContain(spans, s => s.TraceId == unsampled);
        var started = spans.Where(s => s.Service == "huu-gateway" && s.Kind == ReceivedSpan.Server).Select(s => s.TraceId).ToHashSet();
        Assert.All(spans.Where(s => s.Service == "huu-silo"), s => Assert.Contains(s.TraceId, started));
    }

    [Fact]
    public async Task A_sign_in_shows_its_Cognito_call_as_an_HTTP_client_span_and_its_log_line_carries_the_trace_id()
    {
        var account = await TestAccounts.SignUp(stack, "host");
        var (traceId, _, traceparent) = NewTraceparent();
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/auth/signin", content: System.Net.Http.Json.JsonContent.Create(new { email = account.Email, password = account.Password }));
        request.Headers.Add("traceparent", traceparent);
        using (var response = await stack.Http.SendAsync(request))
        {
            await Json(response, HttpStatusCode.OK);
        }

        var spans = await stack.Otlp.WaitFor(all => Trace(all, traceId).Any(s => s.Service == "huu-silo" && s.Scope == "System.Net.Http"), "Cognito HTTP client span");
        var cognito = Trace(spans, traceId).First(s => s.Service == "huu-silo" && s.Scope == "System.Net.Http");
        Assert.Equal(ReceivedSpan.Client, cognito.Kind);
        Assert.Equal("POST", cognito.Attributes["http.request.method"]);
        Assert.All(spans.SelectMany(s => s.Attributes.Values), value => Assert.DoesNotContain(account.Password, value, StringComparison.Ordinal));

        var line = await LogLine(stack.Gateway, l => l.GetProperty("traceId").GetString() == traceId && l.GetProperty("message").GetString()!.Contains("/api/auth/signin", StringComparison.Ordinal));
        Assert.Equal("HomeUniteUs.WebGateway.Http.RequestIdMiddleware", line.GetProperty("category").GetString());
        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.False(string.IsNullOrEmpty(line.GetProperty("spanId").GetString()));
        Assert.False(string.IsNullOrEmpty(line.GetProperty("requestId").GetString()));
        Assert.True(DateTimeOffset.TryParse(line.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task The_confirm_invite_query_string_appears_in_no_span_and_no_log()
    {
        var marker = "Secret" + Guid.NewGuid().ToString("N");
        var (traceId, _, traceparent) = NewTraceparent();
        using var request = ServiceStack.Request(HttpMethod.Get, $"/api/auth/confirm-invite?email=nobody%40example.com&password={marker}");
        request.Headers.Add("traceparent", traceparent);
        using (await stack.Http.SendAsync(request))
        {
        }

        var spans = await stack.Otlp.WaitFor(all => Trace(all, traceId).Any(s => s.Service == "huu-gateway" && s.Kind == ReceivedSpan.Server), "confirm-invite server span");
        var server = Trace(spans, traceId).Single(s => s.Service == "huu-gateway" && s.Kind == ReceivedSpan.Server);
        Assert.Equal("/api/auth/confirm-invite", server.Attributes["url.path"]);
        Assert.All(spans, s => Assert.All(s.Attributes.Values, value => Assert.DoesNotContain(marker, value, StringComparison.Ordinal)));
        await LogLine(stack.Gateway, l => l.GetProperty("traceId").GetString() == traceId);
        Assert.DoesNotContain(marker, stack.Gateway.Output, StringComparison.Ordinal);
        Assert.All(stack.Silos, silo => Assert.DoesNotContain(marker, silo.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_metrics_scrape_is_never_traced_and_a_request_span_names_its_route_and_status()
    {
        var (scrape, _, scrapeHeader) = NewTraceparent();
        using (var request = ServiceStack.Request(HttpMethod.Get, "/metrics"))
        {
            request.Headers.Add("traceparent", scrapeHeader);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TelemetryStack.MetricsToken);
            using var response = await stack.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Spans are exported in the order they end: once the later request's span is in, the scrape's would be too.
        var (traceId, _, traceparent) = NewTraceparent();
        using (var request = ServiceStack.Request(HttpMethod.Get, "/api/health"))
        {
            request.Headers.Add("traceparent", traceparent);
            using var response = await stack.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var spans = await stack.Otlp.WaitFor(all => Trace(all, traceId).Any(s => s.Kind == ReceivedSpan.Server), "the health request's server span");
        Assert.DoesNotContain(spans, s => s.TraceId == scrape);
        var server = Trace(spans, traceId).Single(s => s.Kind == ReceivedSpan.Server);
        Assert.Equal(("/api/health", "GET", "200"), (server.Attributes["url.path"], server.Attributes["http.request.method"], server.Attributes["http.response.status_code"]));
        Assert.Equal("GET " + server.Attributes["http.route"], server.Name);
        Assert.StartsWith("/api/health", server.Attributes["http.route"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_log_line_of_both_processes_is_one_JSON_object()
    {
        await stack.Seeded("admin@example.com");
        foreach (var process in stack.Silos.Append(stack.Gateway))
        {
            var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line =>
            {
                using var json = JsonDocument.Parse(line);
                foreach (var field in new[] { "timestamp", "level", "category", "message", "traceId", "spanId", "requestId" })
                {
                    Assert.True(json.RootElement.TryGetProperty(field, out _), $"{process.Name}: no {field} in {line}");
                }
            });
        }
    }

    private static (string TraceId, string SpanId, string Header) NewTraceparent()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        return (traceId, spanId, $"00-{traceId}-{spanId}-01");
    }

    private static List<ReceivedSpan> Trace(IReadOnlyList<ReceivedSpan> spans, string traceId) => [.. spans.Where(s => s.TraceId == traceId)];

    private static IEnumerable<ReceivedSpan> Ancestors(ReceivedSpan span, Dictionary<string, ReceivedSpan> byId)
    {
        for (var at = span; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent)
        {
            yield return parent;
        }
    }

    private static async Task<JsonElement> LogLine(ServiceProcess process, Func<JsonElement, bool> match)
    {
        for (var i = 0; i < 50; i++)
        {
            foreach (var line in process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var json = JsonDocument.Parse(line);
                if (match(json.RootElement))
                {
                    return json.RootElement.Clone();
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"No such log line in {process.Name}:\n{process.Output}");
    }
}
