using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.Integration.Tenancy;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Workflow;

/// <summary>
/// API.md "Statistics" over HTTP: a fresh org's program, built and counted by hand, read after every change
/// (each change is in the next read after its 2xx); everyone's figures by their change across the test, since
/// other tests add people to the shared stack; who may read them.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StatsRoutesTests(ServiceStack stack)
{
    private const string NoMatches = """{"PROPOSED":0,"ACCEPTED":0,"MEETING_HELD":0,"FINALIZED":0,"DECLINED":0,"ENDED":0}""";
    private readonly JourneyApi api = new(stack);

    [Fact]
    public async Task A_hand_counted_program_is_read_exactly_after_every_change()
    {
        var admin = await api.Admin;
        var everyoneBefore = await api.Ok(HttpMethod.Get, "/api/stats", admin);
        var x = await TwoOrgs.Org(stack, admin);
        var path = $"/api/housing-orgs/{x}/stats";
        Assert.Equal(
            $$"""{"housingOrgId":{{x}},"guests":0,"hosts":0,"coordinators":0,"unassignedGuests":0,"journeySteps":{"application":0,"coordinator_interview":0,"training_session":0,"match_with_host":0,"meeting_with_host":0,"sign_agreement":0,"complete":0},"hostsAvailable":0,"matches":{{NoMatches}},"medianDaysToMatch":null,"casesPerCoordinator":[]}""",
            Compact(await api.Ok(HttpMethod.Get, path, admin)));

        // Two coordinators join: both listed with no cases.
        var lead = await TestAccounts.SignUp(stack, "coordinator", firstName: "Lea", lastName: "Lead");
        var coordinator = await TestAccounts.SignUp(stack, "coordinator", firstName: "Cy", lastName: "Coord");
        await TwoOrgs.Move(stack, admin, lead.UserId, x, lead: true);
        await TwoOrgs.Move(stack, admin, coordinator.UserId, x);
        var stats = await api.Ok(HttpMethod.Get, path, coordinator);
        Assert.Equal((0, 2), (stats.GetProperty("guests").GetInt32(), stats.GetProperty("coordinators").GetInt32()));
        Assert.Equal(Caseloads((lead, "Lea Lead", 0), (coordinator, "Cy Coord", 0)), Compact(stats.GetProperty("casesPerCoordinator")));

        // Guests: three invited into X and approved (two by the lead, one by the coordinator), one signed up and moved in (no case).
        var g1 = await api.ApprovedGuest(lead);
        var g2 = await api.ApprovedGuest(lead);
        var g3 = await api.ApprovedGuest(coordinator);
        stats = await api.Ok(HttpMethod.Get, path, lead);
        Assert.Equal("""{"application":0,"coordinator_interview":3,"training_session":0,"match_with_host":0,"meeting_with_host":0,"sign_agreement":0,"complete":0}""",
            Compact(stats.GetProperty("journeySteps")));
        var g4 = await TestAccounts.SignUp(stack, "guest");
        await TwoOrgs.Move(stack, admin, g4.UserId, x);
        stats = await api.Ok(HttpMethod.Get, path, lead);
        Assert.Equal((4, 1, 1), (stats.GetProperty("guests").GetInt32(), stats.GetProperty("unassignedGuests").GetInt32(),
            stats.GetProperty("journeySteps").GetProperty("application").GetInt32()));

        // Three approved hosts moved in and trained: all available until they are matched.
        var hosts = new List<TestAccount>();
        for (var i = 0; i < 3; i++)
        {
            var host = await api.ApprovedHost();
            await TwoOrgs.Move(stack, admin, host.UserId, x);
            Assert.Equal(i, (await api.Ok(HttpMethod.Get, path, admin)).GetProperty("hostsAvailable").GetInt32());
            await api.Train(host, lead);
            Assert.Equal(i + 1, (await api.Ok(HttpMethod.Get, path, admin)).GetProperty("hostsAvailable").GetInt32());
            hosts.Add(host);
        }

        // g1 is matched with the first host all the way to FINALIZED; g2 is declined by the third, then proposed to the second.
        await api.Train(g1, lead);
        await api.Train(g2, lead);
        var m1 = $"/api/matches/{await api.Propose(lead, g1, hosts[0])}";
        await api.Ok(HttpMethod.Post, m1 + "/respond", g1, """{"accept":true}""");
        await api.Ok(HttpMethod.Post, m1 + "/respond", hosts[0], """{"accept":true}""");
        Assert.Equal(1, (await api.Ok(HttpMethod.Get, path, admin)).GetProperty("matches").GetProperty("ACCEPTED").GetInt32());
        await api.Ok(HttpMethod.Post, m1 + "/meeting", lead, """{"meetingAt":"2026-12-05T18:00:00Z"}""");
        await api.Ok(HttpMethod.Post, m1 + "/meeting", lead, """{"held":true}""");
        await api.Ok(HttpMethod.Post, m1 + "/sign", g1);
        await api.Ok(HttpMethod.Post, m1 + "/sign", hosts[0]);
        var m2 = $"/api/matches/{await api.Propose(lead, g2, hosts[2])}";
        await api.Ok(HttpMethod.Post, m2 + "/respond", hosts[2], """{"accept":false}""");
        await api.Propose(lead, g2, hosts[1]);

        // g1: complete; g2: match_with_host (proposed); g3: coordinator_interview; g4: application and unassigned.
        // Hosts: the first (finalized) and second (proposed) are busy, the third (declined) available.
        stats = await api.Ok(HttpMethod.Get, path, coordinator);
        var journey = await api.Ok(HttpMethod.Get, $"/api/journeys/{g1.UserId}", g1);
        var approvedAt = Time(journey.GetProperty("tasks")[0].GetProperty("subTasks")[0]);
        var finalizedAt = Time(journey.GetProperty("tasks")[2].GetProperty("subTasks")[0]);
        Assert.InRange(stats.GetProperty("medianDaysToMatch").GetDouble(), (finalizedAt - approvedAt - TimeSpan.FromSeconds(1)).TotalDays,
            (finalizedAt - approvedAt + TimeSpan.FromSeconds(1)).TotalDays);
        var program =
            $$"""{"housingOrgId":{{x}},"guests":4,"hosts":3,"coordinators":2,"unassignedGuests":1,"journeySteps":{"application":1,"coordinator_interview":1,"training_session":0,"match_with_host":1,"meeting_with_host":0,"sign_agreement":0,"complete":1},"hostsAvailable":1,"matches":{"PROPOSED":1,"ACCEPTED":0,"MEETING_HELD":0,"FINALIZED":1,"DECLINED":1,"ENDED":0},"medianDaysToMatch":0,"casesPerCoordinator":{{Caseloads((lead, "Lea Lead", 2), (coordinator, "Cy Coord", 1))}}}""";
        Assert.Equal(program, Compact(WithoutMedian(stats)));
        Assert.Equal(coordinator.UserId, (await api.Ok(HttpMethod.Get, $"/api/coordinator/cases/{g3.UserId}", coordinator)).GetProperty("coordinatorId").GetInt64());

        // Everyone's figures moved by exactly this program; byOrg holds it as the org's own route answers it.
        var everyone = await api.Ok(HttpMethod.Get, "/api/stats", admin);
        Assert.Equal(
            """{"guests":4,"hosts":3,"coordinators":2,"unassignedGuests":1,"hostsAvailable":1,"journeySteps.application":1,"journeySteps.coordinator_interview":1,"journeySteps.match_with_host":1,"journeySteps.complete":1,"matches.PROPOSED":1,"matches.FINALIZED":1,"matches.DECLINED":1}""",
            Delta(everyoneBefore, everyone));
        Assert.Equal(JsonValueKind.Null, everyone.GetProperty("housingOrgId").ValueKind);
        var inX = everyone.GetProperty("byOrg").EnumerateArray().Single(o => o.GetProperty("housingOrgId").ValueKind == JsonValueKind.Number && o.GetProperty("housingOrgId").GetInt64() == x);
        Assert.Equal(Compact(stats), Compact(inX));
        Assert.Equal(2, everyone.GetProperty("casesPerCoordinator").EnumerateArray().Single(c => c.GetProperty("coordinatorId").GetInt64() == lead.UserId).GetProperty("cases").GetInt32());
        var poolBefore = Pool(everyone);

        // g4 leaves for the pool: out of X's figures and into the pool's in the next read; everyone's do not move.
        await TwoOrgs.Move(stack, admin, g4.UserId, null);
        stats = await api.Ok(HttpMethod.Get, path, lead);
        Assert.Equal((3, 0, 0), (stats.GetProperty("guests").GetInt32(), stats.GetProperty("unassignedGuests").GetInt32(),
            stats.GetProperty("journeySteps").GetProperty("application").GetInt32()));
        var after = await api.Ok(HttpMethod.Get, "/api/stats", admin);
        Assert.Equal("""{"guests":1,"unassignedGuests":1,"journeySteps.application":1}""", Delta(poolBefore, Pool(after)));
        Assert.Equal("{}", Delta(everyone, after));
    }

    [Fact]
    public async Task A_coordinator_moved_out_of_the_org_is_refused_its_stats_and_members_by_the_next_read_and_admitted_back()
    {
        var orgs = await TwoOrgs.Create(stack);
        var stats = $"/api/housing-orgs/{orgs.X}/stats";
        var members = $"/api/housing-orgs/{orgs.X}/members";
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        await TwoOrgs.Move(stack, orgs.Admin, coordinator.UserId, orgs.X);
        await api.Ok(HttpMethod.Get, stats, coordinator);
        await api.Ok(HttpMethod.Get, members, coordinator);

        await TwoOrgs.Move(stack, orgs.Admin, coordinator.UserId, orgs.Y);
        foreach (var route in new[] { stats, members })
        {
            using var refused = await orgs.Get(route, coordinator);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        await TwoOrgs.Move(stack, orgs.Admin, coordinator.UserId, orgs.X);
        Assert.Equal(orgs.X, (await api.Ok(HttpMethod.Get, stats, coordinator)).GetProperty("housingOrgId").GetInt64());
        await api.Ok(HttpMethod.Get, members, coordinator);
    }

    [Fact]
    public async Task Only_the_orgs_coordinators_and_admins_read_its_stats_and_only_admins_everyones()
    {
        var orgs = await TwoOrgs.Create(stack);
        var path = $"/api/housing-orgs/{orgs.X}/stats";
        Assert.Equal(orgs.X, (await api.Ok(HttpMethod.Get, path, orgs.CoordinatorOfX)).GetProperty("housingOrgId").GetInt64());
        Assert.Equal(orgs.X, (await api.Ok(HttpMethod.Get, path, orgs.Admin)).GetProperty("housingOrgId").GetInt64());
        foreach (var (route, caller) in new[]
        {
            (path, orgs.LeadOfY), (path, orgs.PoolCoordinator), (path, orgs.GuestOfX), (path, orgs.HostOfX),
            ("/api/stats", orgs.LeadOfX), ("/api/stats", orgs.PoolCoordinator), ("/api/stats", orgs.GuestOfX),
        })
        {
            using var refused = await orgs.Get(route, caller);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        var gone = await TwoOrgs.Org(stack, orgs.Admin);
        using (var delete = ServiceStack.Request(HttpMethod.Delete, $"/api/housing-orgs/{gone}", orgs.Admin.AccessToken))
        using (var deleted = await stack.Http.SendAsync(delete))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var unknown = await orgs.Get($"/api/housing-orgs/{gone}/stats", orgs.Admin))
        {
            await Error(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using (var unknownToCoordinator = await orgs.Get($"/api/housing-orgs/{gone}/stats", orgs.CoordinatorOfX))
        {
            await Error(unknownToCoordinator, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using (var notAnId = await orgs.Get("/api/housing-orgs/abc/stats", orgs.Admin))
        {
            await Error(notAnId, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        }

        using (var anonymous = await stack.Http.GetAsync(new Uri(path, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // byOrg: every org by id (X and Y among them), then the pool's (null) last.
        var all = await api.Ok(HttpMethod.Get, "/api/stats", orgs.Admin);
        var ids = all.GetProperty("byOrg").EnumerateArray().Select(o => o.GetProperty("housingOrgId")).ToList();
        Assert.Equal(JsonValueKind.Null, ids[^1].ValueKind);
        var orgIds = ids.SkipLast(1).Select(i => i.GetInt64()).ToList();
        Assert.Equal(orgIds.Order(), orgIds);
        Assert.Contains(orgs.X, orgIds);
        Assert.Contains(orgs.Y, orgIds);
        Assert.DoesNotContain(gone, orgIds);
    }

    private static string Compact(JsonElement value) => JsonSerializer.Serialize(value);

    private static JsonElement WithoutMedian(JsonElement stats)
    {
        var node = JsonNode.Parse(stats.GetRawText())!.AsObject();
        node["medianDaysToMatch"] = 0;
        return JsonSerializer.SerializeToElement(node);
    }

    private static DateTimeOffset Time(JsonElement step) =>
        DateTimeOffset.Parse(step.GetProperty("completedAt").GetString()!, CultureInfo.InvariantCulture);

    private static JsonElement Pool(JsonElement all) =>
        all.GetProperty("byOrg").EnumerateArray().Single(o => o.GetProperty("housingOrgId").ValueKind == JsonValueKind.Null);

    private static string Caseloads(params (TestAccount Coordinator, string Name, int Cases)[] caseloads) =>
        JsonSerializer.Serialize(caseloads.OrderBy(c => c.Coordinator.UserId)
            .Select(c => new { coordinatorId = c.Coordinator.UserId, name = c.Name, cases = c.Cases }));

    /// <summary>The counts that differ between two Stats (top level, journey steps, matches), as "name": after − before.</summary>
    private static string Delta(JsonElement before, JsonElement after)
    {
        var changes = new JsonObject();
        void Compare(JsonElement b, JsonElement a, string prefix)
        {
            foreach (var property in a.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Name != "housingOrgId" && p.Name != "medianDaysToMatch"))
            {
                var change = property.Value.GetInt32() - b.GetProperty(property.Name).GetInt32();
                if (change != 0)
                {
                    changes[prefix + property.Name] = change;
                }
            }
        }

        Compare(before, after, string.Empty);
        Compare(before.GetProperty("journeySteps"), after.GetProperty("journeySteps"), "journeySteps.");
        Compare(before.GetProperty("matches"), after.GetProperty("matches"), "matches.");
        return changes.ToJsonString();
    }
}
