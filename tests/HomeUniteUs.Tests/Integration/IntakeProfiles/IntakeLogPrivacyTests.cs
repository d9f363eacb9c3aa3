using System.Diagnostics;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>
/// Guest answers never reach a log, at the most verbose level the service has (LOG_LEVEL=DEBUG, every request
/// traced): each process is first shown to have logged the save request itself — the gateway its path, the silo a
/// line carrying the request's trace id — so the logs searched are the ones that saw the answers.
/// </summary>
public sealed class IntakeLogPrivacyTests(IntakeLogPrivacyTests.VerboseStack stack) : IClassFixture<IntakeLogPrivacyTests.VerboseStack>
{
    [Fact]
    public async Task Answers_never_appear_in_the_gateway_or_silo_logs_saved_rejected_or_read()
    {
        var api = new IntakeApi(stack);
        var guest = await IntakePeople.NewGuest(stack);
        var marker = "Private" + Guid.NewGuid().ToString("N");

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var save = ServiceStack.Request(HttpMethod.Put, $"{IntakeApi.Root}/{guest.UserId}", guest.AccessToken,
            JsonContent(IntakeApi.ResponsesJson([KeyValuePair.Create("introduction", $"\"{marker}\""), KeyValuePair.Create("mental_health_concerns", "\"yes\"")]))))
        {
            save.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var saved = await stack.Http.SendAsync(save);
            await Json(saved, HttpStatusCode.OK);
        }

        using (var rejected = await api.PutResponses(guest.UserId, guest.AccessToken,
            [KeyValuePair.Create("email", $"\"{marker}\""), KeyValuePair.Create("first_name", $"\"{marker}{new string('x', 100)}\""), KeyValuePair.Create(marker, "1")]))
        {
            await Error(rejected, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        }

        using (var malformed = await api.Send(HttpMethod.Put, $"{IntakeApi.Root}/{guest.UserId}", guest.AccessToken, $"{{\"responses\":[{{\"fieldId\":\"{marker}\"}}"))
        {
            await Error(malformed, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        }

        var admin = await IntakePeople.Admin(stack);
        Assert.Contains(marker, (await api.Profile(admin, guest.UserId)).GetRawText(), StringComparison.Ordinal);
        using (var refused = await api.PutResponses(guest.UserId, admin.AccessToken, "introduction", $"\"{marker}\""))
        {
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        // The logs that are searched saw the save: a bounded poll of the processes' output (written as they go).
        await Until(() => stack.Gateway.Output.Contains($"{IntakeApi.Root}/{guest.UserId}", StringComparison.Ordinal), "the gateway logged the save");
        var silo = Assert.Single(stack.Silos);
        await Until(() => silo.Output.Contains(traceId, StringComparison.Ordinal), "the silo logged within the save's trace:\n" + Tail(silo.Output));

        Assert.DoesNotContain(marker, stack.Gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, silo.Output, StringComparison.Ordinal);
    }

    private static string Tail(string log) => log.Length > 3000 ? log[^3000..] : log;

    private static async Task Until(Func<bool> done, string what)
    {
        for (var waited = Stopwatch.StartNew(); !done(); await Task.Delay(100))
        {
            // Output is read from the processes' pipes as they write it: seconds at most, 30 on a loaded machine.
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "Not seen: " + what);
        }
    }

    /// <summary>A stack at LOG_LEVEL=DEBUG that traces every request (to a receiver), so log lines carry trace ids.</summary>
    public sealed class VerboseStack : ServiceStack
    {
        public OtlpReceiver Otlp { get; } = new();

        protected override void Configure(Dictionary<string, string> environment)
        {
            environment["LOG_LEVEL"] = "DEBUG";
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            environment["OTEL_TRACES_SAMPLER_ARG"] = "1";
            environment["HUU_TRACES_PER_SECOND"] = "0";
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Otlp.DisposeAsync();
        }
    }
}
