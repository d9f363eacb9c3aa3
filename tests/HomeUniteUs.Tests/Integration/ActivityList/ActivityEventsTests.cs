using System.Globalization;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.Integration.Tenancy;
using HomeUniteUs.Tests.Unit.Intake;

namespace HomeUniteUs.Tests.Integration.ActivityList;

/// <summary>API.md "Activity": each change of a person's way through the program is exactly one event of its type.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ActivityEventsTests(ServiceStack stack)
{
    private const string InterviewAt = "2031-01-02T10:00:00Z";
    private const string MeetingAt = "2031-02-03T17:30:00Z";

    [Fact]
    public async Task Every_change_from_sign_up_to_an_ended_match_is_one_event_about_its_person_by_its_actor_in_their_org()
    {
        var api = new JourneyApi(stack);
        var admin = await api.Admin;
        var start = await ActivityFeed.Newest(stack, admin);
        var org = await TwoOrgs.Org(stack, admin);
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        await TwoOrgs.Move(stack, admin, coordinator.UserId, org);
        var guest = await api.ApprovedGuest(coordinator);
        var host = await TestAccounts.SignUp(stack, "host");
        await TwoOrgs.Move(stack, admin, host.UserId, org);
        await api.Approve(host, coordinator, CompleteAnswers.Host());
        await api.Ok(HttpMethod.Post, $"/api/journeys/{guest.UserId}/steps/coordinator_interview", coordinator, $$"""{"scheduledAt":"{{InterviewAt}}"}""");
        await api.Train(guest, coordinator);
        await api.Train(host, coordinator);

        var first = await api.Propose(coordinator, guest, host);
        await api.Ok(HttpMethod.Post, $"/api/matches/{first}/respond", guest, """{"accept":true}""");
        await api.Ok(HttpMethod.Post, $"/api/matches/{first}/respond", host, """{"accept":true}""");
        await api.Ok(HttpMethod.Post, $"/api/matches/{first}/meeting", coordinator, $$"""{"meetingAt":"{{MeetingAt}}"}""");
        await api.Ok(HttpMethod.Post, $"/api/matches/{first}/meeting", coordinator, """{"held":true}""");
        await api.Ok(HttpMethod.Post, $"/api/matches/{first}/sign", guest);
        await api.Ok(HttpMethod.Post, $"/api/matches/{first}/sign", host);
        await api.Ok(HttpMethod.Post, $"/api/matches/{first}/end", coordinator, """{"reason":"The guest moved on"}""");
        var second = await api.Propose(coordinator, guest, host);
        await api.Ok(HttpMethod.Post, $"/api/matches/{second}/respond", host, """{"accept":false}""");

        var events = await ActivityFeed.About(stack, admin, start, coordinator.UserId, guest.UserId, host.UserId);
        (string, long, long?, long?)[] expected =
        [
            ("signed_up", coordinator.UserId, coordinator.UserId, null),
            ("membership_changed", coordinator.UserId, admin.UserId, org),
            ("invited", guest.UserId, coordinator.UserId, org),
            ("intake_submitted", guest.UserId, guest.UserId, org),
            ("intake_reviewed", guest.UserId, coordinator.UserId, org),
            ("signed_up", host.UserId, host.UserId, null),
            ("membership_changed", host.UserId, admin.UserId, org),
            ("intake_submitted", host.UserId, host.UserId, org),
            ("intake_reviewed", host.UserId, coordinator.UserId, org),
            ("step_scheduled", guest.UserId, coordinator.UserId, org),
            ("step_completed", guest.UserId, coordinator.UserId, org),
            ("step_completed", guest.UserId, coordinator.UserId, org),
            ("step_completed", host.UserId, coordinator.UserId, org),
            ("step_completed", host.UserId, coordinator.UserId, org),
            ("match_proposed", guest.UserId, coordinator.UserId, org),
            ("match_accepted", guest.UserId, host.UserId, org),
            ("meeting_scheduled", guest.UserId, coordinator.UserId, org),
            ("meeting_held", guest.UserId, coordinator.UserId, org),
            ("match_signed", guest.UserId, guest.UserId, org),
            ("match_signed", guest.UserId, host.UserId, org),
            ("match_finalized", guest.UserId, host.UserId, org),
            ("match_ended", guest.UserId, coordinator.UserId, org),
            ("match_proposed", guest.UserId, coordinator.UserId, org),
            ("match_declined", guest.UserId, host.UserId, org),
        ];
        Assert.Equal(expected, events.Select(e => (e.Type, e.UserId, e.ActorId, e.HousingOrgId)));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.All(events, e => Assert.False(string.IsNullOrWhiteSpace(e.UserName)));

        Assert.Equal(("", org.ToString(CultureInfo.InvariantCulture)), (Raw(events[1], "fromHousingOrgId"), events[1].Detail("toHousingOrgId")));
        Assert.Equal("APPROVED", events[4].Detail("decision"));
        Assert.Equal(("coordinator_interview", InterviewAt), (events[9].Detail("key"), events[9].Detail("scheduledAt")));
        Assert.Equal(("coordinator_interview", InterviewAt), (events[10].Detail("key"), events[10].Detail("scheduledAt")));
        Assert.Equal("training_session", events[11].Detail("key"));
        var matchEvents = events.Where(e => e.Type.StartsWith("match_", StringComparison.Ordinal) || e.Type.StartsWith("meeting_", StringComparison.Ordinal)).ToList();
        Assert.All(matchEvents, e => Assert.Equal(host.UserId.ToString(CultureInfo.InvariantCulture), e.Detail("hostId")));
        Assert.Equal(
            [first, first, first, first, first, first, first, first, second, second],
            matchEvents.Select(e => long.Parse(e.Detail("matchId"), CultureInfo.InvariantCulture)));
        Assert.Equal(MeetingAt, events[16].Detail("meetingAt"));
        Assert.Equal("The guest moved on", events[21].Detail("reason"));
    }

    [Fact]
    public async Task An_answer_that_changes_nothing_records_no_event()
    {
        var api = new JourneyApi(stack);
        var admin = await api.Admin;
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        var guest = await api.ApprovedGuest(coordinator);
        await api.Train(guest, coordinator);
        var start = await ActivityFeed.Newest(stack, admin);

        // Completing a complete step again, and moving a person to the org they are in, change nothing.
        await api.Train(guest, coordinator);
        await TwoOrgs.Move(stack, admin, guest.UserId, null);
        Assert.Empty(await ActivityFeed.About(stack, admin, start, guest.UserId));

        using var bad = await api.Send(HttpMethod.Post, $"/api/journeys/{guest.UserId}/steps/coordinator_interview", coordinator.AccessToken, """{"scheduledAt":"yesterday"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Empty(await ActivityFeed.About(stack, admin, start, guest.UserId));
    }

    private static string Raw(FeedEvent e, string name) =>
        e.Details.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Null ? string.Empty : e.Details.GetProperty(name).GetRawText();
}
