using System.Globalization;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.ActivityList;
using HomeUniteUs.Tests.Integration.Journeys;
using Npgsql;
using Xunit.Abstractions;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Invariant 11 with <c>kill -9</c>: the silo dies (HUU_CRASH_AT, as abruptly as SIGKILL) between a journey grain's
/// staging of its event and its state write, or between the write and publishing the event. A new silo settles the
/// outbox: a written change has exactly one event, an unwritten one none. The write's follow-up (the interview's
/// reminder) runs before the event is published, so recovery runs it too: a written schedule has its reminder.
/// </summary>
public sealed class ActivityOutboxCrashTests(ITestOutputHelper output)
{
    private const string InterviewAt = "2031-03-04T09:00:00Z";

    [Theory]
    [InlineData("activity-after-write", true)]
    [InlineData("activity-after-stage", false)]
    public async Task A_change_killed_around_its_state_write_ends_with_one_event_if_written_and_none_if_not(string crashPoint, bool written)
    {
        var stack = new CrashingStack($"{crashPoint}:journey");
        try
        {
            await stack.InitializeAsync();
            var api = new JourneyApi(stack);
            var coordinator = await TestAccounts.SignUp(stack, "coordinator");
            var guest = await api.ApprovedGuest(coordinator);
            var path = $"/api/journeys/{guest.UserId}/steps/coordinator_interview";

            using (var change = await api.Send(HttpMethod.Post, path, coordinator.AccessToken, $$"""{"scheduledAt":"{{InterviewAt}}"}"""))
            {
                Assert.True((int)change.StatusCode >= 500, $"the change answered {(int)change.StatusCode}");
            }

            Assert.NotEqual(0, await stack.Silos[0].WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(1, await Staged(stack, guest.UserId));
            Assert.Equal(written, await StoredInterview(stack, guest.UserId) == InterviewAt);
            Assert.Equal(0, await Recorded(stack, guest.UserId));
            Assert.Equal(0, await Reminders(stack, guest.UserId));

            stack.Environment.Remove("HUU_CRASH_AT");
            stack.StartSilo();
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 240 && await Staged(stack, guest.UserId) > 0; i++)
            {
                await Task.Delay(500);
            }

            output.WriteLine($"outbox settled {clock.Elapsed} after the new silo was ready");
            Assert.Equal(0, await Staged(stack, guest.UserId));
            Assert.Equal(written ? 1 : 0, await Recorded(stack, guest.UserId));
            Assert.Equal(written ? 1 : 0, await Reminders(stack, guest.UserId));

            var signedIn = await TestAccounts.SignIn(stack, coordinator.Email, coordinator.Password);
            var journey = await api.Ok(HttpMethod.Get, $"/api/journeys/{guest.UserId}", signedIn);
            var interview = journey.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("subTasks").EnumerateArray())
                .Single(s => s.GetProperty("key").GetString() == "coordinator_interview");
            Assert.Equal(written ? InterviewAt : null, interview.GetProperty("scheduledAt").GetString());

            // Another change of the same grain publishes its own event and never the settled one again.
            await api.Ok(HttpMethod.Post, path, signedIn, """{"completed":true}""");
            var events = await ActivityFeed.About(stack, signedIn, 0, guest.UserId);
            var steps = events.Where(e => e.Type.StartsWith("step_", StringComparison.Ordinal)).Select(e => e.Type).ToList();
            Assert.Equal(written ? ["step_scheduled", "step_completed"] : ["step_completed"], steps);
            Assert.Equal(written ? 2 : 1, await Recorded(stack, guest.UserId));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task<long> Scalar(ServiceStack stack, string sql, long userId)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("user", userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<long> Staged(ServiceStack stack, long userId) =>
        Scalar(stack, "SELECT count(*) FROM huu_activity_outbox WHERE source = 'journey' AND user_id = @user", userId);

    private static Task<long> Recorded(ServiceStack stack, long userId) =>
        Scalar(stack, "SELECT count(*) FROM huu_activity WHERE type LIKE 'step_%' AND user_id = @user", userId);

    /// <summary>The Orleans reminder rows of the guest's interview (the durable half of its reminder).</summary>
    private static async Task<long> Reminders(ServiceStack stack, long userId)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE @key", connection);
        command.Parameters.AddWithValue("key", $"%journey:{userId}:coordinator_interview");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string?> StoredInterview(ServiceStack stack, long userId)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payloadjson->'Interview'->>'ScheduledAt' FROM orleansstorage WHERE graintypestring = 'journey' AND (payloadjson->>'UserId')::bigint = @user",
            connection);
        command.Parameters.AddWithValue("user", userId);
        return await command.ExecuteScalarAsync() is string at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;
    }

    private sealed class CrashingStack(string crashPoint) : ServiceStack
    {
        protected override string HuuEnvironment => "test";

        protected override void Configure(Dictionary<string, string> environment) => environment["HUU_CRASH_AT"] = crashPoint;
    }
}
