using System.Globalization;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.ActivityList;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.TestCluster.Reminders;

namespace HomeUniteUs.Tests.Integration.Reminders;

/// <summary>
/// Reminders end to end on real processes and real time, HUU_OVERDUE_AFTER=3: an interview scheduled over HTTP
/// becomes reminder_due at its time and reminder_overdue three seconds later, kept in huu_activity where an admin
/// reads every event; one completed before its time leaves nothing.
/// </summary>
public sealed class ReminderRoutesTests(ReminderRoutesTests.ShortOverdueStack stack) : IClassFixture<ReminderRoutesTests.ShortOverdueStack>
{
    private readonly JourneyApi api = new(stack);
    private readonly ReminderEvents events = new(stack.ConnectionString);

    [Fact]
    public async Task A_scheduled_interview_is_due_then_overdue_and_a_completed_one_is_not()
    {
        var admin = await api.Admin;
        var host = await api.ApprovedHost();
        var completed = await api.ApprovedHost();
        var start = await ActivityFeed.Newest(stack, admin);
        var at = WireTime.ToSecond(DateTimeOffset.UtcNow.AddSeconds(8)); // time enough to complete the second one first
        var scheduled = $$"""{"scheduledAt":"{{at.ToString("O", CultureInfo.InvariantCulture)}}"}""";
        await api.Ok(HttpMethod.Post, $"/api/journeys/{JourneyApi.Id(host.UserId)}/steps/coordinator_interview", admin, scheduled);
        await api.Ok(HttpMethod.Post, $"/api/journeys/{JourneyApi.Id(completed.UserId)}/steps/coordinator_interview", admin, scheduled);
        await api.Ok(HttpMethod.Post, $"/api/journeys/{JourneyApi.Id(completed.UserId)}/steps/coordinator_interview", admin, """{"completed":true}""");

        // Read now, before the reminders fire: the gateway keeps this page (ActivityReadCache) until it is told of new events.
        var page = $"?after={start}&limit=500";
        Assert.Empty(await Reminders(page, host.UserId));

        var kept = await events.Await($"journey:{host.UserId}:coordinator_interview", 2, TimeSpan.FromSeconds(90));

        // Each reminder's event drops the gateways' pages (in the background, no request waits for it): the same page
        // shows both within moments, not when the copy ages out (ReadCache.MaxAge, 30 s after that first read).
        var shown = await Reminders(page, host.UserId);
        for (var deadline = DateTime.UtcNow.AddSeconds(5); shown.Count < 2 && DateTime.UtcNow < deadline; shown = await Reminders(page, host.UserId))
        {
            await Task.Delay(100);
        }

        Assert.Equal(["reminder_due", "reminder_overdue"], shown);

        // Their details write the time as the step_scheduled event of the same step does.
        var ofHost = (await ActivityFeed.Page(stack, admin, page)).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("userId").GetInt64() == host.UserId).ToList();
        var stepAt = ofHost.Single(e => e.GetProperty("type").GetString() == "step_scheduled").GetProperty("details").GetProperty("scheduledAt").GetString();
        Assert.EndsWith("Z", stepAt, StringComparison.Ordinal);
        var remindersAt = ofHost.Where(e => e.GetProperty("type").GetString()!.StartsWith("reminder_", StringComparison.Ordinal))
            .Select(e => e.GetProperty("details").GetProperty("scheduledAt").GetString()).ToList();
        Assert.Equal([stepAt, stepAt], remindersAt);

        Assert.Equal(["reminder_due", "reminder_overdue"], kept.Select(k => k.Type));
        Assert.All(kept, k => Assert.Equal((host.UserId, "coordinator_interview", at), (k.UserId, k.Details.GetProperty("key").GetString(), k.ScheduledAt)));
        Assert.True(kept[0].At >= at, $"due recorded at {kept[0].At:O}, before its time {at:O}");
        Assert.True(kept[1].At >= at.AddSeconds(3), $"overdue recorded at {kept[1].At:O}, before {at.AddSeconds(3):O}");
        Assert.Empty(await events.Of($"journey:{completed.UserId}:coordinator_interview"));
    }

    /// <summary>The types of the reminder events about <paramref name="userId"/> on one page of GET /api/coordinator/activity, as the admin reads it.</summary>
    private async Task<List<string>> Reminders(string query, long userId) =>
        [.. (await ActivityFeed.Page(stack, await api.Admin, query)).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("userId").GetInt64() == userId && e.GetProperty("type").GetString()!.StartsWith("reminder_", StringComparison.Ordinal))
            .Select(e => e.GetProperty("type").GetString()!)];

    public sealed class ShortOverdueStack : ServiceStack
    {
        // The machine is shared with other builds and test stacks: start-up may be slow.
        protected override TimeSpan ReadyTimeout => TimeSpan.FromSeconds(300);

        protected override void Configure(Dictionary<string, string> environment) =>
            environment["HUU_OVERDUE_AFTER"] = "3";
    }
}
