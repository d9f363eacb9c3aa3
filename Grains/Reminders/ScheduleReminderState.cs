using HomeUniteUs.Grains.Interfaces.Reminders;

namespace HomeUniteUs.Grains.Reminders;

/// <summary>
/// The stored state of one subject's reminders (state name "scheduleReminder", keyed by
/// <see cref="ReminderSubject.GrainKey"/>): the scheduled time and which of its two events is next.
/// </summary>
public sealed class ScheduleReminderState
{
    public long UserId { get; set; }

    public string? StepKey { get; set; }

    public long? MatchId { get; set; }

    public DateTimeOffset? ScheduledAt { get; set; }

    /// <summary>One of <see cref="Stages"/>.</summary>
    public string Stage { get; set; } = Stages.None;

    public bool Pending => Stage is Stages.Due or Stages.Overdue && ScheduledAt is not null;

    public ScheduleReminderState With(string stage) => new()
    {
        UserId = UserId,
        StepKey = StepKey,
        MatchId = MatchId,
        ScheduledAt = ScheduledAt,
        Stage = stage,
    };
}

/// <summary>How the durable reminder backs the in-memory timer.</summary>
public sealed class ScheduleReminderOptions
{
    /// <summary>
    /// The Orleans reminder's period: after a missed tick (the grain's silo died, the write failed) the next
    /// chance comes this much later. Orleans refuses periods under its <c>ReminderOptions.MinimumReminderPeriod</c> (1 minute).
    /// </summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
