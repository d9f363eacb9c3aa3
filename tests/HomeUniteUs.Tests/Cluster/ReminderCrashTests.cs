using System.Diagnostics;
using System.Globalization;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.TestCluster.Reminders;
using Npgsql;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Invariant 12 on real silo processes: the silo holding an interview's reminders dies by SIGKILL before they are
/// due; the other silo records reminder_due and reminder_overdue, once each. Then every silo is replaced by a new
/// one: nothing fires again (the reminder row goes), while a reminder scheduled after the restart still fires.
/// </summary>
public sealed class ReminderCrashTests : IClassFixture<ReminderCrashTests.TwoSiloStack>
{
    private readonly TwoSiloStack stack;
    private readonly JourneyApi api;
    private readonly ReminderEvents events;

    public ReminderCrashTests(TwoSiloStack stack)
    {
        this.stack = stack;
        api = new JourneyApi(stack);
        events = new ReminderEvents(stack.ConnectionString);
    }

    [Fact]
    public async Task A_reminder_of_a_killed_silo_fires_once_on_the_other_and_not_again_after_a_restart_of_all()
    {
        var admin = await api.Admin;
        var host = await api.ApprovedHost();
        var key = $"journey:{host.UserId}:coordinator_interview";
        var at = WireTime.ToSecond(DateTimeOffset.UtcNow.AddSeconds(20));
        await Schedule(admin, host, at);

        var holder = await SiloLogging($"Reminder {key} set for");
        var other = stack.Silos.Single(s => s != holder);
        Assert.Empty(await events.Of(key));
        Assert.Equal(1, await ReminderRows(key));
        await holder.Kill();

        var kept = await events.Await(key, 2, TimeSpan.FromSeconds(180));
        Assert.Equal(["reminder_due", "reminder_overdue"], kept.Select(k => k.Type));
        Assert.All(kept, k => Assert.Equal(at, k.ScheduledAt));
        // The silo logs the line just after the event's insert, through the console logger's background queue and a
        // pipe: a bounded wait for it (SiloLogging, 30 s), not a look at the output at the moment the row shows.
        Assert.Same(other, await SiloLogging($"Reminder {key}: reminder_overdue recorded"));
        Assert.False(other.HasExited);

        // Every silo replaced: the fired reminder is gone from the table and nothing fires again.
        await other.Kill();
        stack.StartSilo();
        stack.StartSilo();
        await stack.WaitUntilReady(TimeSpan.FromSeconds(120));
        await RowGone(key);
        var witness = await api.ApprovedHost();
        await Schedule(admin, witness, DateTimeOffset.UtcNow.AddSeconds(1));
        await events.Await($"journey:{witness.UserId}:coordinator_interview", 2, TimeSpan.FromSeconds(180));
        Assert.Equal(kept.Select(k => k.SourceKey), (await events.Of(key)).Select(k => k.SourceKey));
    }

    private Task<System.Text.Json.JsonElement> Schedule(TestAccount admin, TestAccount person, DateTimeOffset at) =>
        api.Ok(HttpMethod.Post, $"/api/journeys/{JourneyApi.Id(person.UserId)}/steps/coordinator_interview", admin,
            $$"""{"scheduledAt":"{{at.ToString("O", CultureInfo.InvariantCulture)}}"}""");

    /// <summary>The silo whose log shows <paramref name="line"/> (a bounded poll: logs arrive asynchronously).</summary>
    private async Task<ServiceProcess> SiloLogging(string line)
    {
        var live = stack.Silos.Where(s => !s.HasExited).ToList();
        Assert.True(await await Task.WhenAny(live.Select(s => s.Logged(line))), $"no silo logged '{line}'");
        return live.First(s => s.Output.Contains(line, StringComparison.Ordinal));
    }

    /// <summary>
    /// The fired reminder's Orleans row is gone: unregistered after the overdue event, or, if that unregister failed
    /// (the reminder service moving to the survivor), at the row's next tick, which finds nothing left to fire.
    /// </summary>
    private async Task RowGone(string grainKey)
    {
        var waited = Stopwatch.StartNew();
        while (await ReminderRows(grainKey) > 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(180), $"the Orleans reminder row of {grainKey} is still there");
            await Task.Delay(1000);
        }
    }

    private async Task<long> ReminderRows(string grainKey)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE @key", connection);
        command.Parameters.AddWithValue("key", $"%{grainKey}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public sealed class TwoSiloStack : ServiceStack
    {
        // The machine is shared with other builds and test stacks: start-up may be slow.
        protected override TimeSpan ReadyTimeout => TimeSpan.FromSeconds(300);

        protected override int InitialSilos => 2;

        protected override void Configure(Dictionary<string, string> environment) => environment["HUU_OVERDUE_AFTER"] = "5";
    }
}
