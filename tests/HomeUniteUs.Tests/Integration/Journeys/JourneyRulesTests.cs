using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Journeys;

/// <summary>Who may call each journey and match route, and what bad input on each gets.</summary>
[Collection(GatewayCollection.Name)]
public sealed class JourneyRulesTests(ServiceStack stack)
{
    private readonly JourneyApi api = new(stack);

    [Fact]
    public async Task Every_new_route_answers_each_role_as_API_md_says()
    {
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        var guest = await api.ApprovedGuest(coordinator);
        var host = await api.ApprovedHost();
        await api.Train(guest, coordinator);
        await api.Train(host, coordinator);
        var matchId = await api.Propose(coordinator, guest, host);
        var admin = await api.Admin;
        var otherCoordinator = await stack.Seeded("coordinatorz@example.com");
        var otherGuest = await stack.Seeded("guestz@example.com");
        var otherHost = await stack.Seeded("hostz@example.com");
        var (g, h, m) = (guest.UserId, host.UserId, matchId);

        // (method, path, body, who may: 2xx, who may not: 403) — state-changing calls only by refused callers.
        var routes = new (string Method, string Path, string? Body, TestAccount[] Allowed, TestAccount[] Refused)[]
        {
            ("GET", $"/api/journeys/{g}", null, [guest, coordinator, admin], [otherGuest, otherHost, otherCoordinator, host]),
            ("GET", $"/api/journeys/{h}", null, [host, coordinator, otherCoordinator, admin], [otherGuest, otherHost, guest]),
            ("POST", $"/api/journeys/{g}/steps/training_session", """{"scheduledAt":"2026-12-01T10:00:00Z"}""", [coordinator, admin], [guest, host, otherCoordinator, otherGuest]),
            ("POST", $"/api/journeys/{h}/steps/training_session", """{"scheduledAt":"2026-12-01T10:00:00Z"}""", [otherCoordinator, admin], [host, guest, otherHost]),
            ("GET", $"/api/matches/candidates?guestId={g}", null, [coordinator, admin], [guest, host, otherCoordinator, otherGuest]),
            ("POST", "/api/matches", $$"""{"guestId":{{g}},"hostId":{{h}}}""", [], [guest, host, otherCoordinator, otherGuest, otherHost]),
            ("GET", $"/api/matches?userId={g}", null, [guest, coordinator, otherCoordinator, admin], [otherGuest, host, otherHost]),
            ("GET", $"/api/matches/{m}", null, [guest, host, coordinator, admin], [otherGuest, otherHost, otherCoordinator]),
            ("POST", $"/api/matches/{m}/respond", """{"accept":true}""", [guest], [coordinator, admin, otherGuest, otherHost]),
            ("POST", $"/api/matches/{m}/meeting", """{"meetingAt":"2026-12-01T10:00:00Z"}""", [], [guest, host, otherCoordinator, otherGuest]),
            ("POST", $"/api/matches/{m}/sign", null, [], [coordinator, admin, otherGuest, otherHost]),
            ("POST", $"/api/matches/{m}/end", """{"reason":"role matrix"}""", [], [guest, host, otherCoordinator, otherGuest]),
        };

        foreach (var (method, path, body, allowed, refused) in routes)
        {
            using (var anonymous = await api.Send(new HttpMethod(method), path, null, body))
            {
                await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
            }

            foreach (var caller in refused)
            {
                using var response = await api.Send(new HttpMethod(method), path, caller.AccessToken, body);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} as {caller.Email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                await Error(response, HttpStatusCode.Forbidden, "FORBIDDEN");
            }

            foreach (var caller in allowed)
            {
                using var response = await api.Send(new HttpMethod(method), path, caller.AccessToken, body);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} as {caller.Email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        foreach (var person in new[] { coordinator, admin })
        {
            using var none = await api.Send(HttpMethod.Get, $"/api/journeys/{person.UserId}", admin.AccessToken);
            await Error(none, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using var unknown = await api.Send(HttpMethod.Get, "/api/matches/2147483647", admin.AccessToken);
        await Error(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    public static TheoryData<string, string, string?, string> BadInput() => new()
    {
        { "GET", "/api/journeys/abc", null, "userId" },
        { "GET", "/api/journeys/0", null, "userId" },
        { "POST", "/api/journeys/-1/steps/training_session", """{"completed":true}""", "userId" },
        { "POST", "/api/journeys/{guest}/steps/application", """{"completed":true}""", "key" },
        { "POST", "/api/journeys/{guest}/steps/sign_agreement", """{"completed":true}""", "key" },
        { "POST", "/api/journeys/{guest}/steps/training_session", """{"completed":"yes"}""", "completed" },
        { "POST", "/api/journeys/{guest}/steps/training_session", """{"completed":false}""", "completed" },
        { "POST", "/api/journeys/{guest}/steps/training_session", """{"scheduledAt":"next tuesday"}""", "scheduledAt" },
        { "POST", "/api/journeys/{guest}/steps/training_session", """{"scheduledAt":12}""", "scheduledAt" },
        { "POST", "/api/journeys/{guest}/steps/training_session", "{}", "body" },
        { "POST", "/api/journeys/{guest}/steps/training_session", "[]", "body" },
        { "GET", "/api/matches/candidates", null, "guestId" },
        { "GET", "/api/matches/candidates?guestId=x", null, "guestId" },
        { "GET", "/api/matches/candidates?guestId=99999999999", null, "guestId" },
        { "GET", "/api/matches/candidates?guestId={host}", null, "guestId" },
        { "GET", "/api/matches", null, "userId" },
        { "GET", "/api/matches?userId=-4", null, "userId" },
        { "POST", "/api/matches", """{"hostId":1}""", "guestId" },
        { "POST", "/api/matches", """{"guestId":"7","hostId":1}""", "guestId" },
        { "POST", "/api/matches", """{"guestId":{guest},"hostId":0}""", "hostId" },
        { "POST", "/api/matches", """{"guestId":{guest},"hostId":{guest}}""", "hostId" },
        { "GET", "/api/matches/1.5", null, "id" },
        { "POST", "/api/matches/abc/respond", """{"accept":true}""", "id" },
        { "POST", "/api/matches/{match}/respond", """{"accept":"true"}""", "accept" },
        { "POST", "/api/matches/{match}/respond", "{}", "accept" },
        { "POST", "/api/matches/{match}/meeting", """{"meetingAt":"2026-13-45T10:00:00Z"}""", "meetingAt" },
        { "POST", "/api/matches/{match}/meeting", """{"held":1}""", "held" },
        { "POST", "/api/matches/{match}/meeting", "{}", "body" },
        { "POST", "/api/matches/0/sign", null, "id" },
        { "POST", "/api/matches/{match}/end", "{}", "reason" },
        { "POST", "/api/matches/{match}/end", """{"reason":"   "}""", "reason" },
        { "POST", "/api/matches/{match}/end", """{"reason":7}""", "reason" },
        { "POST", "/api/matches/{match}/end", $$"""{"reason":"{{new string('x', 2001)}}"}""", "reason" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_on_every_new_route_is_a_422_naming_the_field(string method, string template, string? body, string field)
    {
        var (coordinator, guest, host, matchId) = await Scene();
        var path = template.Replace("{guest}", JourneyApi.Id(guest), StringComparison.Ordinal)
            .Replace("{host}", JourneyApi.Id(host), StringComparison.Ordinal)
            .Replace("{match}", JourneyApi.Id(matchId), StringComparison.Ordinal);
        var json = body?.Replace("{guest}", JourneyApi.Id(guest), StringComparison.Ordinal);
        using var response = await api.Send(new HttpMethod(method), path, coordinator.AccessToken, json);
        await Invalid(response, field);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415_or_422()
    {
        var (coordinator, _, _, matchId) = await Scene();
        using (var text = await api.Send(HttpMethod.Post, $"/api/matches/{matchId}/end", coordinator.AccessToken, "reason", "text/plain"))
        {
            await Error(text, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        }

        using var broken = await api.Send(HttpMethod.Post, $"/api/matches/{matchId}/end", coordinator.AccessToken, "{\"reason\":");
        await Invalid(broken, "body");
    }

    private static readonly SemaphoreSlim SceneLock = new(1, 1);
    private static (TestAccount Coordinator, long Guest, long Host, long Match)? scene;

    /// <summary>One proposed match shared by the bad-input cases (none of them changes it).</summary>
    private async Task<(TestAccount Coordinator, long Guest, long Host, long Match)> Scene()
    {
        await SceneLock.WaitAsync();
        try
        {
            if (scene is null)
            {
                var coordinator = await TestAccounts.SignUp(stack, "coordinator");
                var guest = await api.ApprovedGuest(coordinator);
                var host = await api.ApprovedHost();
                await api.Train(guest, coordinator);
                await api.Train(host, coordinator);
                scene = (coordinator, guest.UserId, host.UserId, await api.Propose(coordinator, guest, host));
            }

            return scene.Value;
        }
        finally
        {
            SceneLock.Release();
        }
    }
}
