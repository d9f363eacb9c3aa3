using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Journeys;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Interfaces.Reminders;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.TestCluster.Matches;
using HomeUniteUs.Tests.TestCluster.Workflow;
using HomeUniteUs.Tests.Unit.Intake;
using Microsoft.Extensions.Time.Testing;

namespace HomeUniteUs.Tests.TestCluster.Reminders;

/// <summary>
/// Reminders of interviews, trainings and match meetings (API.md "Reminders", invariant 12) on the grains' fake clock:
/// nothing fires until the test moves the clock. What must NOT fire is checked against a witness scheduled for the
/// same time in another grain: once the witness's events are kept, the other's would have been too.
/// </summary>
public sealed class ScheduleReminderTests(ScheduleReminderTests.FakeClockCluster cluster) : IClassFixture<ScheduleReminderTests.FakeClockCluster>
{
    private static readonly TimeSpan OverdueAfter = TimeSpan.FromHours(1);

    private readonly MatchPeople people = new(cluster);
    private readonly WorkflowGrains workflow = new(cluster);
    private readonly ReminderEvents events = new(cluster.ConnectionString);

    /// <summary>The grains' clock to the whole second: events write times to the second, so a time scheduled from it reads back equal.</summary>
    private DateTimeOffset Now => WireTime.ToSecond(cluster.Clock.GetUtcNow());

    [Fact]
    public async Task An_interview_is_due_at_its_time_and_overdue_the_setting_later_each_once()
    {
        var host = await ApprovedHost();
        var at = Now.AddMinutes(10);
        await Schedule(host, JourneySteps.CoordinatorInterview, at);
        Assert.Equal(new ReminderStatus(at, Stages.Due), await Reminder(host, JourneySteps.CoordinatorInterview).Status());
        Assert.Empty(await events.Of(Key(host, JourneySteps.CoordinatorInterview)));

        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        var due = Assert.Single(await events.Await(Key(host, JourneySteps.CoordinatorInterview), 1));
        Assert.Equal((ActivityTypes.ReminderDue, host, JourneySteps.CoordinatorInterview, at), (due.Type, due.UserId, due.Details.GetProperty("key").GetString(), due.ScheduledAt));
        Assert.Equal(Stages.Overdue, (await Reminder(host, JourneySteps.CoordinatorInterview).Status()).Stage);

        cluster.Clock.Advance(OverdueAfter);
        var kept = await events.Await(Key(host, JourneySteps.CoordinatorInterview), 2);
        Assert.Equal([ActivityTypes.ReminderDue, ActivityTypes.ReminderOverdue], kept.Select(k => k.Type));
        Assert.Equal(at, kept[1].ScheduledAt);
        Assert.Equal(Stages.Done, (await Reminder(host, JourneySteps.CoordinatorInterview).Status()).Stage);

        // A late tick of the durable reminder (the grain's own reminder interface) finds nothing left to do.
        await Reminder(host, JourneySteps.CoordinatorInterview).AsReference<IRemindable>().ReceiveReminder("schedule", default);
        Assert.Equal(2, (await events.Of(Key(host, JourneySteps.CoordinatorInterview))).Count);
    }

    [Fact]
    public async Task An_interview_a_year_ahead_is_kept_and_is_due_at_its_time_though_a_timer_waits_at_most_49_days()
    {
        var host = await ApprovedHost();
        var at = Now.AddDays(400);
        await Schedule(host, JourneySteps.CoordinatorInterview, at);
        Assert.Equal(new ReminderStatus(at, Stages.Due), await Reminder(host, JourneySteps.CoordinatorInterview).Status());

        cluster.Clock.Advance(TimeSpan.FromDays(400));
        var due = Assert.Single(await events.Await(Key(host, JourneySteps.CoordinatorInterview), 1));
        Assert.Equal((ActivityTypes.ReminderDue, at), (due.Type, due.ScheduledAt));
    }

    [Fact]
    public async Task Completing_before_the_time_cancels_both()
    {
        var host = await ApprovedHost();
        var witness = await ApprovedHost();
        var at = Now.AddMinutes(5);
        await Schedule(host, JourneySteps.CoordinatorInterview, at);
        await people.Journey(host).SetStep(MatchPeople.Admin, JourneySteps.CoordinatorInterview, new StepChange(null, true));
        await Schedule(witness, JourneySteps.CoordinatorInterview, at);
        Assert.Equal(Stages.Cancelled, (await Reminder(host, JourneySteps.CoordinatorInterview).Status()).Stage);

        cluster.Clock.Advance(TimeSpan.FromMinutes(5) + OverdueAfter);
        await events.Await(Key(witness, JourneySteps.CoordinatorInterview), 2);
        Assert.Empty(await events.Of(Key(host, JourneySteps.CoordinatorInterview)));
    }

    [Fact]
    public async Task Completing_between_due_and_overdue_cancels_the_overdue()
    {
        var (host, witness, _) = await TwoInterviewsIn(TimeSpan.FromMinutes(5));
        cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        await events.Await(Key(host, JourneySteps.CoordinatorInterview), 1);
        await events.Await(Key(witness, JourneySteps.CoordinatorInterview), 1);

        await people.Journey(host).SetStep(MatchPeople.Admin, JourneySteps.CoordinatorInterview, new StepChange(null, true));
        cluster.Clock.Advance(OverdueAfter);
        await events.Await(Key(witness, JourneySteps.CoordinatorInterview), 2);
        Assert.Equal([ActivityTypes.ReminderDue], (await events.Of(Key(host, JourneySteps.CoordinatorInterview))).Select(k => k.Type));
        Assert.Equal(Stages.Cancelled, (await Reminder(host, JourneySteps.CoordinatorInterview).Status()).Stage);
    }

    [Fact]
    public async Task Rescheduling_replaces_the_old_time_s_reminders()
    {
        var host = await ApprovedHost();
        var witness = await ApprovedHost();
        var first = Now.AddMinutes(10);
        var second = Now.AddMinutes(30);
        await Schedule(host, JourneySteps.CoordinatorInterview, first);
        await Schedule(host, JourneySteps.CoordinatorInterview, second);
        await Schedule(witness, JourneySteps.CoordinatorInterview, first);

        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        await events.Await(Key(witness, JourneySteps.CoordinatorInterview), 1);
        Assert.Empty(await events.Of(Key(host, JourneySteps.CoordinatorInterview)));

        cluster.Clock.Advance(TimeSpan.FromMinutes(20) + OverdueAfter);
        var kept = await events.Await(Key(host, JourneySteps.CoordinatorInterview), 2);
        Assert.Equal([ActivityTypes.ReminderDue, ActivityTypes.ReminderOverdue], kept.Select(k => k.Type));
        Assert.All(kept, k => Assert.Equal(second, k.ScheduledAt));
    }

    [Fact]
    public async Task Moving_a_time_later_keeps_the_durable_reminder_an_early_tick_moves_it_and_moving_earlier_moves_it()
    {
        var host = await ApprovedHost();
        var first = Now.AddMinutes(20);
        await Schedule(host, JourneySteps.CoordinatorInterview, first);
        var registered = await DurableReminder(host);

        // Later times: the reminder registered for the first ticks earlier than they need, so it is left as it is.
        await Schedule(host, JourneySteps.CoordinatorInterview, first.AddMinutes(10));
        await Schedule(host, JourneySteps.CoordinatorInterview, first.AddMinutes(20));
        Assert.Equal(registered, await DurableReminder(host));

        // Its early tick records nothing and registers it again, for the time now scheduled.
        await Reminder(host, JourneySteps.CoordinatorInterview).AsReference<IRemindable>().ReceiveReminder("schedule", default);
        Assert.Empty(await events.Of(Key(host, JourneySteps.CoordinatorInterview)));
        var retimed = await DurableReminder(host);
        Assert.Equal(registered.Version + 1, retimed.Version);

        // An earlier time than the reminder's moves it.
        var earlier = first.AddMinutes(-10);
        await Schedule(host, JourneySteps.CoordinatorInterview, earlier);
        Assert.Equal(retimed.Version + 1, (await DurableReminder(host)).Version);

        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        var due = Assert.Single(await events.Await(Key(host, JourneySteps.CoordinatorInterview), 1));
        Assert.Equal((ActivityTypes.ReminderDue, earlier), (due.Type, due.ScheduledAt));
    }

    [Fact]
    public async Task A_training_scheduled_in_the_past_is_due_at_once()
    {
        var host = await ApprovedHost();
        await people.Journey(host).SetStep(MatchPeople.Admin, JourneySteps.CoordinatorInterview, new StepChange(null, true));
        var at = Now.AddMinutes(-5);
        await Schedule(host, JourneySteps.TrainingSession, at);

        var due = Assert.Single(await events.Await(Key(host, JourneySteps.TrainingSession), 1));
        Assert.Equal((ActivityTypes.ReminderDue, JourneySteps.TrainingSession, at), (due.Type, due.Details.GetProperty("key").GetString(), due.ScheduledAt));
    }

    [Fact]
    public async Task A_match_meeting_is_due_then_overdue_and_being_held_or_ending_the_match_cancels()
    {
        var coordinator = await people.Coordinator();
        var (guest, match) = await AcceptedMatch(coordinator);
        var at = Now.AddMinutes(15);
        await match.Meeting(coordinator, new MeetingChange(at, false));
        var (_, ended) = await AcceptedMatch(coordinator);
        await ended.Meeting(coordinator, new MeetingChange(at, false));
        await ended.End(coordinator, "the guest moved away");
        var (_, held) = await AcceptedMatch(coordinator);
        await held.Meeting(coordinator, new MeetingChange(at, false));
        await held.Meeting(coordinator, new MeetingChange(null, true));
        Assert.Equal(Stages.Cancelled, (await MeetingReminder(ended).Status()).Stage);
        Assert.Equal(Stages.Cancelled, (await MeetingReminder(held).Status()).Stage);

        cluster.Clock.Advance(TimeSpan.FromMinutes(15) + OverdueAfter);
        var kept = await events.Await(MeetingKey(match), 2);
        Assert.Equal([ActivityTypes.ReminderDue, ActivityTypes.ReminderOverdue], kept.Select(k => k.Type));
        Assert.All(kept, k => Assert.Equal((guest.UserId, match.GetPrimaryKeyLong(), at), (k.UserId, k.Details.GetProperty("matchId").GetInt64(), k.ScheduledAt)));
        Assert.Empty(await events.Of(MeetingKey(ended)));
        Assert.Empty(await events.Of(MeetingKey(held)));
    }

    [Fact]
    public async Task Deleting_the_person_cancels_their_reminders()
    {
        var (host, witness, _) = await TwoInterviewsIn(TimeSpan.FromMinutes(5));
        Assert.True(await cluster.Grains.GetGrain<IUserGrain>(host).Delete());
        Assert.Equal(Stages.Cancelled, (await Reminder(host, JourneySteps.CoordinatorInterview).Status()).Stage);

        cluster.Clock.Advance(TimeSpan.FromMinutes(5) + OverdueAfter);
        await events.Await(Key(witness, JourneySteps.CoordinatorInterview), 2);
        Assert.Empty(await events.Of(Key(host, JourneySteps.CoordinatorInterview)));
    }

    /// <summary>Two hosts whose interviews are scheduled for the same time, <paramref name="from"/> from now.</summary>
    private async Task<(long Host, long Witness, DateTimeOffset At)> TwoInterviewsIn(TimeSpan from)
    {
        var host = await ApprovedHost();
        var witness = await ApprovedHost();
        var at = Now + from;
        await Schedule(host, JourneySteps.CoordinatorInterview, at);
        await Schedule(witness, JourneySteps.CoordinatorInterview, at);
        return (host, witness, at);
    }

    private async Task<long> ApprovedHost()
    {
        var host = await workflow.User(UserRoles.Host);
        await people.Approve(host.Id, IntakeFormIds.Host, CompleteAnswers.Host());
        return host.Id;
    }

    private async Task<(Caller Guest, IMatchGrain Match)> AcceptedMatch(Caller coordinator)
    {
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var match = people.Match((await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId)).Id);
        await match.Respond(guest, true);
        await match.Respond(host, true);
        return (guest, match);
    }

    private Task<Journey> Schedule(long userId, string key, DateTimeOffset at) =>
        people.Journey(userId).SetStep(MatchPeople.Admin, key, new StepChange(at, false));

    private static string Key(long userId, string key) => ReminderSubject.Step(userId, key).GrainKey;

    /// <summary>The Orleans reminder row of the host's interview: its first tick and how often it was written (its version).</summary>
    private async Task<(DateTime StartTime, int Version)> DurableReminder(long host)
    {
        await using var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT starttime, version FROM orleansreminderstable WHERE grainid LIKE @key", connection);
        command.Parameters.AddWithValue("key", $"%{Key(host, JourneySteps.CoordinatorInterview)}");
        await using var rows = await command.ExecuteReaderAsync();
        Assert.True(await rows.ReadAsync(), "no reminder row");
        var row = (rows.GetDateTime(0), rows.GetInt32(1));
        Assert.False(await rows.ReadAsync(), "more than one reminder row");
        return row;
    }

    private static string MeetingKey(IMatchGrain match) => $"match:{match.GetPrimaryKeyLong()}";

    private IScheduleReminderGrain Reminder(long userId, string key) => cluster.Grains.GetGrain<IScheduleReminderGrain>(Key(userId, key));

    private IScheduleReminderGrain MeetingReminder(IMatchGrain match) => cluster.Grains.GetGrain<IScheduleReminderGrain>(MeetingKey(match));

    /// <summary>A two-silo cluster whose grain timers and reminder decisions run on <see cref="Clock"/>; HUU_OVERDUE_AFTER is an hour.</summary>
    public sealed class FakeClockCluster : GrainCluster
    {
        public FakeClockCluster()
        {
            Environment["HUU_OVERDUE_AFTER"] = ((int)OverdueAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void Configure(ISiloBuilder silo) => RunGrainTimersOn(silo, Clock);
    }
}
