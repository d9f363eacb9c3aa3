using System.Globalization;
using HomeUniteUs.Tests.Infrastructure;
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
        var at = DateTimeOffset.UtcNow.AddSeconds(8); // time enough to complete the second one first
        var scheduled = $$"""{"scheduledAt":"{{at.ToString("O", CultureInfo.InvariantCulture)}}"}""";
        await api.Ok(HttpMethod.Post, $"/api/journeys/{JourneyApi.Id(host.UserId)}/steps/coordinator_interview", admin, scheduled);
        await api.Ok(HttpMethod.Post, $"/api/journeys/{JourneyApi.Id(completed.UserId)}/steps/coordinator_interview", admin, scheduled);
        await api.Ok(HttpMethod.Post, $"/api/journeys/{JourneyApi.Id(completed.UserId)}/steps/coordinator_interview", admin, """{"completed":true}""");

        var kept = await events.Await($"journey:{host.UserId}:coordinator_interview", 2, TimeSpan.FromSeconds(90));

        Assert.Equal(["reminder_due", "reminder_overdue"], kept.Select(k => k.Type));
        Assert.All(kept, k => Assert.Equal((host.UserId, "coordinator_interview", at), (k.UserId, k.Details.GetProperty("key").GetString(), k.ScheduledAt)));
        Assert.True(kept[0].At >= at, $"due recorded at {kept[0].At:O}, before its time {at:O}");
        Assert.True(kept[1].At >= at.AddSeconds(3), $"overdue recorded at {kept[1].At:O}, before {at.AddSeconds(3):O}");
        Assert.Empty(await events.Of($"journey:{completed.UserId}:coordinator_interview"));
    }

    public sealed class ShortOverdueStack : ServiceStack
    {
        // The machine is shared with other builds and test stacks: start-up may be slow.
        protected override TimeSpan ReadyTimeout => TimeSpan.FromSeconds(300);

        protected override void Configure(Dictionary<string, string> environment) =>
            environment["HUU_OVERDUE_AFTER"] = "3";
    }
}
