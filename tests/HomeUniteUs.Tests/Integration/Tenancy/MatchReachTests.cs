using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.Unit.Intake;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>
/// A match of org Y, asked for by coordinators outside Y's reach (X's lead, X's coordinator, an unaffiliated
/// coordinator): every route of the match, the candidates, the proposal and the person's matches answer
/// the 404 <c>NOT_FOUND</c> of an unknown id, never 403, and the match is left as it was.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MatchReachTests(ServiceStack stack)
{
    [Fact]
    public async Task A_match_of_another_org_is_404_on_every_match_route_exactly_like_an_unknown_match()
    {
        var orgs = await TwoOrgs.Create(stack);
        var api = new JourneyApi(stack);
        await api.Approve(orgs.GuestOfY, orgs.Admin, CompleteAnswers.Guest());
        await api.Approve(orgs.HostOfY, orgs.Admin, CompleteAnswers.Host());
        await api.Train(orgs.GuestOfY, orgs.Admin);
        await api.Train(orgs.HostOfY, orgs.Admin);
        var match = await api.Propose(orgs.Admin, orgs.GuestOfY, orgs.HostOfY);
        var unknown = match + 1_000_000;

        var guest = orgs.GuestOfY.UserId;
        var host = orgs.HostOfY.UserId;
        (HttpMethod Method, string Path, string? Body)[] routes =
        [
            (HttpMethod.Get, "/api/matches/{0}", null),
            (HttpMethod.Post, "/api/matches/{0}/respond", """{"accept":true}"""),
            (HttpMethod.Post, "/api/matches/{0}/meeting", """{"held":true}"""),
            (HttpMethod.Post, "/api/matches/{0}/sign", null),
            (HttpMethod.Post, "/api/matches/{0}/end", """{"reason":"not yours"}"""),
        ];
        foreach (var caller in new[] { orgs.LeadOfX, orgs.CoordinatorOfX, orgs.PoolCoordinator })
        {
            foreach (var (method, path, body) in routes)
            {
                var hidden = await ErrorOf(api, method, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, match), caller, body);
                var missing = await ErrorOf(api, method, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, unknown), caller, body);
                Assert.Equal(WithoutId(missing, unknown), WithoutId(hidden, match));
            }

            foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
            {
                (HttpMethod.Get, $"/api/matches/candidates?guestId={guest}", null),
                (HttpMethod.Get, $"/api/matches?userId={guest}", null),
                (HttpMethod.Get, $"/api/matches?userId={host}", null),
                (HttpMethod.Post, "/api/matches", $$"""{"guestId":{{guest}},"hostId":{{host}}}"""),
                (HttpMethod.Post, "/api/matches", $$"""{"guestId":{{orgs.GuestOfX.UserId}},"hostId":{{host}}}"""),
            })
            {
                using var response = await api.Send(method, path, caller.AccessToken, body);
                await Error(response, HttpStatusCode.NotFound, "NOT_FOUND");
            }
        }

        // Untouched by all of it, and still there for those who reach it.
        var seen = await api.Ok(HttpMethod.Get, $"/api/matches/{match}", orgs.Admin);
        Assert.Equal(("PROPOSED", JsonValueKind.Null, JsonValueKind.Null), (seen.GetProperty("status").GetString(), seen.GetProperty("guestAccepted").ValueKind, seen.GetProperty("hostAccepted").ValueKind));
        using var inReach = await api.Send(HttpMethod.Get, $"/api/matches/{match}", orgs.CoordinatorOfY.AccessToken);
        await Error(inReach, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    /// <summary>The error answer without the request id, which differs on every request.</summary>
    /// <summary>
    /// The answer with the match id as a whole number replaced by "N" (so "Match 4" and "Match 1000004" compare equal,
    /// and a small id never changes the "404" of the status).
    /// </summary>
    private static string WithoutId(string answer, long id) =>
        System.Text.RegularExpressions.Regex.Replace(answer, $@"\b{JourneyApi.Id(id)}\b", "N");

    private static async Task<string> ErrorOf(JourneyApi api, HttpMethod method, string path, TestAccount caller, string? body)
    {
        using var response = await api.Send(method, path, caller.AccessToken, body);
        var error = await Error(response, HttpStatusCode.NotFound, "NOT_FOUND");
        return JsonSerializer.Serialize(error.EnumerateObject().Where(p => p.Name != "requestId").ToDictionary(p => p.Name, p => p.Value));
    }
}
