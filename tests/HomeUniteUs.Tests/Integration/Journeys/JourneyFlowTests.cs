using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Workflow;
using HomeUniteUs.Tests.Unit.Intake;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Journeys;

/// <summary>A guest and a host taken through the whole host-home journey over the API.</summary>
[Collection(GatewayCollection.Name)]
public class JourneyFlowTests(ServiceStack stack)
{
    private readonly JourneyApi api = new(stack);
    private readonly WorkflowApi workflow = new(stack);

    [Fact]
    public async Task Invite_intake_training_candidates_proposal_meeting_signatures_finalize_then_end()
    {
        var coordinator = await TestAccounts.SignUp(stack, "coordinator", firstName: "Cora", lastName: "Journey");
        var admin = await api.Admin;
        var guestAnswers = CompleteAnswers.Guest();
        guestAnswers["has_pets"] = "\"yes\"";
        guestAnswers["pets"] = """[{"type":"dog"}]""";
        var guest = await TestAccounts.Invited(stack, coordinator);
        var guestPath = $"/api/journeys/{JourneyApi.Id(guest.UserId)}";

        // A new guest: the application is in progress, every later step locked, and the coordinator is named.
        var fresh = await api.Ok(HttpMethod.Get, guestPath, guest);
        Assert.Equal("guest", fresh.GetProperty("role").GetString());
        Assert.Equal("Cora Journey", fresh.GetProperty("coordinator").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, fresh.GetProperty("match").ValueKind);
        Assert.Equal(["inProgress", "locked", "locked", "locked", "locked", "locked"], Statuses(fresh));
        Assert.Equal(["Application and Onboarding", "Host Matching", "Match Finalized"],
            fresh.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("title").GetString()));
        using (var locked = await api.Send(HttpMethod.Post, guestPath + "/steps/coordinator_interview", coordinator.AccessToken, """{"completed":true}"""))
        {
            var error = await Error(locked, HttpStatusCode.Conflict, "CONFLICT");
            Assert.Equal("Step coordinator_interview is locked", error.GetProperty("message").GetString());
        }

        Assert.Equal("application", (await workflow.Item(admin.AccessToken, guest.UserId)).GetProperty("journeyStep").GetString());

        // Intake approved, interview scheduled then held, training done.
        var approvedGuest = await api.Approve(guest, coordinator, guestAnswers);
        var scheduled = await api.Ok(HttpMethod.Post, guestPath + "/steps/coordinator_interview", coordinator, """{"scheduledAt":"2026-12-01T17:30:00Z"}""");
        var interview = scheduled.GetProperty("tasks")[0].GetProperty("subTasks")[1];
        Assert.Equal(("inProgress", "2026-12-01T17:30:00Z"), (interview.GetProperty("status").GetString(), interview.GetProperty("scheduledAt").GetString()));
        await api.Train(approvedGuest, coordinator);
        Assert.Equal("match_with_host", (await workflow.Item(admin.AccessToken, guest.UserId)).GetProperty("journeyStep").GetString());

        var hostAnswers = new Dictionary<string, string>(CompleteAnswers.Host()) { ["pets_welcome"] = "\"no\"" };
        var host = await api.ApprovedHost(hostAnswers);
        await api.Train(host, coordinator);

        // The host is a candidate, with the one conflict and none of its other answers.
        var candidates = await api.Ok(HttpMethod.Get, $"/api/matches/candidates?guestId={guest.UserId}", coordinator);
        var candidate = candidates.EnumerateArray().Single(c => c.GetProperty("host").GetProperty("id").GetInt64() == host.UserId);
        Assert.Equal("host", candidate.GetProperty("host").GetProperty("role").GetProperty("type").GetString());
        var conflict = candidate.GetProperty("conflicts").EnumerateArray().Single();
        Assert.Equal("""{"rule":"pets","guestFieldId":"has_pets","guestValue":"yes","hostFieldId":"pets_welcome","hostValue":"no"}""", conflict.GetRawText());
        Assert.DoesNotContain("date_of_birth", candidates.GetRawText(), StringComparison.Ordinal);

        // Propose, both accept, the meeting is held, both sign.
        using (var proposed = await api.Send(HttpMethod.Post, "/api/matches", coordinator.AccessToken, $$"""{"guestId":{{guest.UserId}},"hostId":{{host.UserId}}}"""))
        {
            var match = await Json(proposed, HttpStatusCode.Created);
            Assert.Equal("PROPOSED", match.GetProperty("status").GetString());
            Assert.Equal(coordinator.UserId, match.GetProperty("coordinatorId").GetInt64());
            Assert.Equal(JsonValueKind.Null, match.GetProperty("guestAccepted").ValueKind);
            Assert.Equal($"/api/matches/{match.GetProperty("id").GetInt64()}", proposed.Headers.Location!.ToString());
        }

        var matchId = (await api.Ok(HttpMethod.Get, $"/api/matches?userId={guest.UserId}", guest))[0].GetProperty("id").GetInt64();
        var path = $"/api/matches/{matchId}";
        Assert.Equal("PROPOSED", (await api.Ok(HttpMethod.Post, path + "/respond", guest, """{"accept":true}""")).GetProperty("status").GetString());
        Assert.Equal("PROPOSED", (await api.Ok(HttpMethod.Post, path + "/respond", guest, """{"accept":true}""")).GetProperty("status").GetString());
        var accepted = await api.Ok(HttpMethod.Post, path + "/respond", host, """{"accept":true}""");
        Assert.Equal(("ACCEPTED", true, true), (accepted.GetProperty("status").GetString(), accepted.GetProperty("guestAccepted").GetBoolean(), accepted.GetProperty("hostAccepted").GetBoolean()));
        Assert.Equal("meeting_with_host", (await workflow.Item(admin.AccessToken, guest.UserId)).GetProperty("journeyStep").GetString());

        var meeting = await api.Ok(HttpMethod.Post, path + "/meeting", coordinator, """{"meetingAt":"2026-12-05T18:00:00Z"}""");
        Assert.Equal(("ACCEPTED", "2026-12-05T18:00:00Z"), (meeting.GetProperty("status").GetString(), meeting.GetProperty("meetingAt").GetString()));
        Assert.Equal("MEETING_HELD", (await api.Ok(HttpMethod.Post, path + "/meeting", coordinator, """{"held":true}""")).GetProperty("status").GetString());
        var halfSigned = await api.Ok(HttpMethod.Post, path + "/sign", guest);
        Assert.Equal(("MEETING_HELD", JsonValueKind.String, JsonValueKind.Null),
            (halfSigned.GetProperty("status").GetString(), halfSigned.GetProperty("guestSignedAt").ValueKind, halfSigned.GetProperty("hostSignedAt").ValueKind));
        Assert.Equal("FINALIZED", (await api.Ok(HttpMethod.Post, path + "/sign", host)).GetProperty("status").GetString());
        Assert.Equal("FINALIZED", (await api.Ok(HttpMethod.Post, path + "/sign", host)).GetProperty("status").GetString());

        // The dashboard and the case follow; the journey is complete for both.
        var item = await workflow.Item(admin.AccessToken, guest.UserId);
        Assert.Equal(("complete", "Matched"), (item.GetProperty("journeyStep").GetString(), item.GetProperty("caseStatus").GetString()));
        Assert.False((await workflow.Item(admin.AccessToken, host.UserId)).TryGetProperty("journeyStep", out _));
        Assert.Equal("Matched", (await api.Ok(HttpMethod.Get, $"/api/coordinator/cases/{guest.UserId}", coordinator)).GetProperty("status").GetString());
        var hostJourney = await api.Ok(HttpMethod.Get, $"/api/journeys/{host.UserId}", host);
        Assert.Equal(["complete", "complete", "complete", "complete", "complete", "complete"], Statuses(hostJourney));
        Assert.Equal("match_with_guest", hostJourney.GetProperty("tasks")[1].GetProperty("subTasks")[0].GetProperty("key").GetString());
        Assert.Equal(matchId, hostJourney.GetProperty("match").GetProperty("id").GetInt64());

        // Neither person can be deleted while matched; the match is named.
        foreach (var person in new[] { guest, host })
        {
            using var refused = await api.Send(HttpMethod.Delete, $"/api/users/{person.UserId}", admin.AccessToken);
            var error = await Error(refused, HttpStatusCode.Conflict, "CONFLICT");
            Assert.Contains($"#{matchId}", error.GetProperty("items")[0].GetString(), StringComparison.Ordinal);
        }

        // Ending it frees both and puts the case back in progress.
        var ended = await api.Ok(HttpMethod.Post, path + "/end", coordinator, """{"reason":"The guest moved in with family"}""");
        Assert.Equal(("ENDED", "The guest moved in with family"), (ended.GetProperty("status").GetString(), ended.GetProperty("endReason").GetString()));
        item = await workflow.Item(admin.AccessToken, guest.UserId);
        Assert.Equal(("match_with_host", "In Progress"), (item.GetProperty("journeyStep").GetString(), item.GetProperty("caseStatus").GetString()));
        using (var again = await api.Send(HttpMethod.Post, path + "/end", coordinator.AccessToken, """{"reason":"twice"}"""))
        {
            await Error(again, HttpStatusCode.Conflict, "CONFLICT");
        }

        var history = await api.Ok(HttpMethod.Get, $"/api/matches?userId={host.UserId}", coordinator);
        Assert.Equal(["ENDED"], history.EnumerateArray().Select(m => m.GetProperty("status").GetString()));
        var another = await api.ApprovedGuest(coordinator);
        await api.Train(another, coordinator);
        Assert.True(await api.Propose(coordinator, another, host) > matchId);
    }

    [Fact]
    public async Task A_proposal_is_refused_with_409_naming_who_is_untrained_or_already_matched()
    {
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        var guest = await api.ApprovedGuest(coordinator);
        var host = await api.ApprovedHost();
        var body = $$"""{"guestId":{{guest.UserId}},"hostId":{{host.UserId}}}""";

        using (var untrained = await api.Send(HttpMethod.Post, "/api/matches", coordinator.AccessToken, body))
        {
            Assert.Contains("guest", (await Error(untrained, HttpStatusCode.Conflict, "CONFLICT")).GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using (var candidates = await api.Send(HttpMethod.Get, $"/api/matches/candidates?guestId={guest.UserId}", coordinator.AccessToken))
        {
            await Error(candidates, HttpStatusCode.Conflict, "CONFLICT");
        }

        await api.Train(guest, coordinator);
        using (var hostUntrained = await api.Send(HttpMethod.Post, "/api/matches", coordinator.AccessToken, body))
        {
            Assert.Contains("host", (await Error(hostUntrained, HttpStatusCode.Conflict, "CONFLICT")).GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await api.Train(host, coordinator);
        await api.Propose(coordinator, guest, host);
        var second = await api.ApprovedGuest(coordinator);
        await api.Train(second, coordinator);
        using var taken = await api.Send(HttpMethod.Post, "/api/matches", coordinator.AccessToken, $$"""{"guestId":{{second.UserId}},"hostId":{{host.UserId}}}""");
        Assert.Contains("active match", (await Error(taken, HttpStatusCode.Conflict, "CONFLICT")).GetProperty("message").GetString(), StringComparison.Ordinal);
        using var swapped = await api.Send(HttpMethod.Post, "/api/matches", coordinator.AccessToken, $$"""{"guestId":{{host.UserId}},"hostId":{{second.UserId}}}""");
        var invalid = await Error(swapped, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.Equal(["guestId", "hostId"], invalid.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    private static List<string?> Statuses(JsonElement journey) =>
        [.. journey.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("subTasks").EnumerateArray()).Select(s => s.GetProperty("status").GetString())];
}
