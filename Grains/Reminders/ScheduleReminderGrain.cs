using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Interfaces.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HomeUniteUs.Grains.Reminders;

/// <summary>
/// One subject's <c>reminder_due</c> and <c>reminder_overdue</c>. Two things wake it: an Orleans reminder kept in
/// PostgreSQL (the durable one: it outlives this activation and its silo, and brings the grain back on whichever
/// silo owns it then) and, while the grain is active, a grain timer at the exact next time (precision, and the
/// grains' clock that tests move). Whichever comes first does the work; the other then finds nothing to do.
/// Each event is written with a source key made of the subject, the scheduled time and the stage, so a tick
/// repeated after a crash inserts nothing; the stage advances, and the reminder moves on or is unregistered,
/// only after the event is kept.
/// </summary>
public sealed class ScheduleReminderGrain(
    [PersistentState(StateNames.ScheduleReminder, StateNames.Store)] IPersistentState<ScheduleReminderState> stored,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
    ActivityStore activity,
    HuuSettings settings,
    IOptions<ScheduleReminderOptions> options,
    ILogger<ScheduleReminderGrain> logger) : Grain, IScheduleReminderGrain, IRemindable
{
    private const string ReminderName = "schedule";

    private IGrainTimer? timer;

    /// <summary>
    /// When the durable reminder, as this activation last registered it, first ticks; null when unknown (a new activation,
    /// after a tick, after unregistering). A reminder that ticks early only wakes the grain, which finds nothing due and
    /// registers it again for the right time (<see cref="Advance"/>), so a later schedule need not move it.
    /// </summary>
    private DateTimeOffset? reminderTicksAt;

    private ScheduleReminderState State => stored.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Activated by the durable reminder (or a call) after a crash or a quiet spell: time the next stage here too.
        ArmTimer();
        return Task.CompletedTask;
    }

    public async Task Schedule(ReminderSubject subject, DateTimeOffset scheduledAt)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (State.ScheduledAt == scheduledAt && State.Stage != Stages.None && State.Stage != Stages.Cancelled)
        {
            return;
        }

        // The durable reminder first: should the state write fail, its tick finds the old state and follows that.
        // Kept as it is when it already ticks, still ahead, no later than the new time needs (a step moved later, or
        // both beyond MaxWait): one write fewer per reschedule.
        var now = clock.GetUtcNow();
        if (reminderTicksAt is not { } ticks || ticks < now || ticks > now + Until(scheduledAt, now))
        {
            await Register(scheduledAt);
        }

        await stored.Replace(
            new ScheduleReminderState
            {
                UserId = subject.UserId,
                StepKey = subject.StepKey,
                MatchId = subject.MatchId,
                ScheduledAt = scheduledAt,
                Stage = Stages.Due,
            },
            DeactivateOnIdle);
        logger.LogInformation("Reminder {Reminder} set for {ScheduledAt:O}", this.GetPrimaryKeyString(), scheduledAt);
        ArmTimer();
    }

    public async Task Cancel()
    {
        if (State.Stage == Stages.None)
        {
            return;
        }

        if (State.Pending)
        {
            await stored.Replace(State.With(Stages.Cancelled), DeactivateOnIdle);
        }

        await Unregister();
    }

    public Task<ReminderStatus> Status() => Task.FromResult(new ReminderStatus(State.ScheduledAt, State.Stage));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        reminderTicksAt = null; // it ticks again one retry period on, unless Advance registers it anew
        return Advance();
    }

    /// <summary>Records every stage whose time has come, in order, then times the next one (or lets go of the reminder).</summary>
    private async Task Advance()
    {
        if (!State.Pending)
        {
            await Unregister();
            return;
        }

        var scheduledAt = State.ScheduledAt!.Value;
        var now = clock.GetUtcNow();
        var advanced = false;
        if (State.Stage == Stages.Due && now >= scheduledAt)
        {
            if (!await Record(ActivityTypes.ReminderDue, Stages.Due, now))
            {
                return;
            }

            await stored.Replace(State.With(Stages.Overdue), DeactivateOnIdle);
            advanced = true;
        }

        if (State.Stage == Stages.Overdue && now >= scheduledAt + settings.OverdueAfter)
        {
            if (!await Record(ActivityTypes.ReminderOverdue, Stages.Overdue, now))
            {
                return;
            }

            await stored.Replace(State.With(Stages.Done), DeactivateOnIdle);
            await Unregister();
            return;
        }

        if (advanced || now < NextTime())
        {
            // Timed again after a stage, and after an early wake (a wait longer than MaxWait is taken in steps),
            // so the reminder does not tick every retry period until a time far ahead.
            await Register(NextTime());
        }

        ArmTimer();
    }

    /// <summary>
    /// Keeps the event of <paramref name="stage"/>; false when the person no longer exists (deleted): then nothing
    /// is recorded and the reminders are cancelled.
    /// </summary>
    private async Task<bool> Record(string type, string stage, DateTimeOffset now)
    {
        var person = await GrainFactory.GetGrain<IUserGrain>(State.UserId).Get();
        if (person is null)
        {
            logger.LogInformation("Reminder {Reminder} cancelled: user {UserId} no longer exists", this.GetPrimaryKeyString(), State.UserId);
            await stored.Replace(State.With(Stages.Cancelled), DeactivateOnIdle);
            await Unregister();
            return false;
        }

        var scheduledAt = State.ScheduledAt!.Value;
        // The time written as every other event writes it (step_scheduled's details, UtcTimestamp: "Z", not "+00:00").
        var details = State.MatchId is { } matchId
            ? ActivityOutbox.Details(("matchId", matchId), ("scheduledAt", scheduledAt))
            : ActivityOutbox.Details(("key", State.StepKey), ("scheduledAt", scheduledAt));
        var id = await activity.Append(
            new NewActivity(type, now, State.UserId, null, person.HousingOrgId, details),
            SourceKey(this.GetPrimaryKeyString(), scheduledAt, stage));
        if (id is null)
        {
            // A tick repeated after the event was kept (a crash before the stage advanced): nothing new recorded.
            logger.LogWarning("Reminder {Reminder}: {Type} was already kept", this.GetPrimaryKeyString(), type);
        }
        else
        {
            logger.LogInformation("Reminder {Reminder}: {Type} recorded", this.GetPrimaryKeyString(), type);
        }

        return true;
    }

    /// <summary>The event's source key: one per subject, scheduled time and stage, so a repeated tick keeps one event.</summary>
    public static string SourceKey(string grainKey, DateTimeOffset scheduledAt, string stage) =>
        $"reminder:{grainKey}:{scheduledAt.UtcTicks}:{stage}";

    /// <summary>The longest single wait of the timer and the reminder (well under the 49.7 days a timer accepts).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);

    private DateTimeOffset NextTime() => State.Stage == Stages.Due ? State.ScheduledAt!.Value : State.ScheduledAt!.Value + settings.OverdueAfter;

    /// <summary>
    /// The wait until <paramref name="at"/>, at most <see cref="MaxWait"/>: timers (and the reminder service's own) take
    /// at most about 49 days; a step scheduled further ahead wakes the grain early, which finds nothing due and waits again.
    /// </summary>
    private TimeSpan Until(DateTimeOffset at) => Until(at, clock.GetUtcNow());

    private static TimeSpan Until(DateTimeOffset at, DateTimeOffset now)
    {
        var wait = at - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < MaxWait ? wait : MaxWait;
    }

    /// <summary>A one-shot grain timer at the next stage's time (none when nothing is pending).</summary>
    private void ArmTimer()
    {
        timer?.Dispose();
        timer = null;
        if (State.Pending)
        {
            timer = this.RegisterGrainTimer(_ => Advance(), new GrainTimerCreationOptions(Until(NextTime()), Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>The durable reminder: its first tick at <paramref name="at"/> (at most <see cref="MaxWait"/> ahead), then every retry period.</summary>
    private async Task Register(DateTimeOffset at)
    {
        var now = clock.GetUtcNow();
        var wait = Until(at, now);
        reminderTicksAt = null; // unknown while the registration is under way (or if it fails)
        await this.RegisterOrUpdateReminder(ReminderName, wait, options.Value.RetryPeriod);
        reminderTicksAt = now + wait;
    }

    private async Task Unregister()
    {
        timer?.Dispose();
        timer = null;
        reminderTicksAt = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
