using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.IntakeProfiles;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Observability;

[Collection(TelemetryCollection.Name)]
public partial class MetricsTests(TelemetryStack stack)
{
    [Fact]
    public async Task The_gateway_metrics_want_the_configured_bearer_token()
    {
        using (var anonymous = await stack.Http.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        using (var wrong = await Scrape("not-" + TelemetryStack.MetricsToken))
        {
            await Error(wrong, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        using var right = await Scrape(TelemetryStack.MetricsToken);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Theory]
    [InlineData("/METRICS")]
    [InlineData("/Metrics")]
    [InlineData("/mEtRiCs")]
    public async Task The_metrics_token_guards_the_path_in_any_letter_case(string path)
    {
        using (var anonymous = await stack.Http.GetAsync(new Uri(path, UriKind.Relative)))
        {
            await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        // The same path with the token is the exporter's answer: the guard covers what the exporter serves.
        using var request = ServiceStack.Request(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TelemetryStack.MetricsToken);
        using var right = await stack.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Matches("(?m)^# (TYPE|HELP) ", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_gateway_metrics_have_the_request_duration_histogram_and_Orleans_series()
    {
        using (await stack.Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative)))
        {
        }

        // The exporter may answer from its scrape cache (300 ms) for a moment.
        var text = await ScrapeText();
        for (var i = 0; i < 10 && !RouteSeries().IsMatch(text); i++)
        {
            await Task.Delay(200);
            text = await ScrapeText();
        }

        Assert.Matches(RouteSeries(), text);
        Assert.Matches("(?m)^orleans_", text);
        Assert.Matches("(?m)^process_runtime_dotnet_|(?m)^dotnet_", text);
    }

    [Fact]
    public async Task Each_domain_counter_moves_on_the_silo_by_exactly_what_the_test_did()
    {
        // The stack is shared: every check is the difference this test's own actions made.
        var admin = await IntakePeople.Admin(stack);
        var before = await stack.SiloMetrics();
        Assert.Matches("(?m)^huu_identity_flows_pending(_ratio)?(\\{[^}]*\\})? 0", before);

        var guest = await TestAccounts.SignUp(stack, "guest");
        var api = new IntakeApi(stack);
        using (var incomplete = await api.Submit(guest.UserId, guest.AccessToken))
        {
            await Error(incomplete, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        }

        using (var notSubmitted = await api.Review(guest.UserId, admin.AccessToken, "APPROVED"))
        {
            await Error(notSubmitted, HttpStatusCode.Conflict, "CONFLICT");
        }

        using (var dashboard = ServiceStack.Request(HttpMethod.Get, "/api/coordinator/dashboard/all", admin.AccessToken))
        using (var dashboardResponse = await stack.Http.SendAsync(dashboard))
        {
            Assert.Equal(HttpStatusCode.OK, dashboardResponse.StatusCode);
        }

        (string Series, string Label, double By)[] expected =
        [
            ("huu_signups_total", "outcome=\"success\"", 1),
            ("huu_signins_total", "outcome=\"success\"", 1),
            ("huu_intake_submissions_total", "outcome=\"VALIDATION_ERROR\"", 1),
            ("huu_intake_reviews_total", "outcome=\"CONFLICT\"", 1),
        ];

        // The silo's exporter may answer from its scrape cache (300 ms) for a moment: scrape until the last action shows.
        var after = await stack.SiloMetrics();
        for (var i = 0; i < 20 && expected.Any(e => Value(after, e.Series, e.Label) - Value(before, e.Series, e.Label) < e.By); i++)
        {
            await Task.Delay(200);
            after = await stack.SiloMetrics();
        }

        Assert.All(expected, e => Assert.True(Value(after, e.Series, e.Label) - Value(before, e.Series, e.Label) == e.By,
            $"{e.Series}{{{e.Label}}} moved by {Value(after, e.Series, e.Label) - Value(before, e.Series, e.Label)}, not {e.By}"));

        // The sign-up changed the dashboard: its version moved on; a rebuild is counted (the projection was built at least once).
        Assert.True(Value(after, "huu_dashboard_version", null) > Value(before, "huu_dashboard_version", null), "the dashboard version did not move");
        Assert.True(Value(after, "huu_dashboard_rebuilds_total", null) >= 1, "no dashboard rebuild counted");
    }

    /// <summary>The sum of a series' samples whose labels contain <paramref name="label"/> (any when null); 0 when none.</summary>
    private static double Value(string exposition, string series, string? label) =>
        Regex.Matches(exposition, $"(?m)^{Regex.Escape(series)}(?:_ratio)?(\\{{(?<labels>[^}}]*)\\}})? (?<value>[^ \\n]+)")
            .Where(m => label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex("(?m)^http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/?api/housing-orgs/?\"")]
    private static partial Regex RouteSeries();

    private async Task<HttpResponseMessage> Scrape(string token)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await stack.Http.SendAsync(request);
    }

    private async Task<string> ScrapeText()
    {
        using var response = await Scrape(TelemetryStack.MetricsToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
