namespace HomeUniteUs.Grains.Interfaces.Reminders;

/// <summary>
/// The reminders of one scheduled thing (API.md "Reminders", ARCHITECTURE.md invariant 12): a coordinator-set
/// step of one person's journey (key <c>journey:{userId}:{step key}</c>) or one match's meeting (key
/// <c>match:{matchId}</c>). At the scheduled time it records <c>reminder_due</c>, and
/// <c>HUU_OVERDUE_AFTER</c> later <c>reminder_overdue</c>, each once; kept by an Orleans reminder in
/// PostgreSQL, so a silo crash or restart neither loses nor repeats them. Only the journey, match and user
/// grains call it (no caller check).
/// </summary>
public interface IScheduleReminderGrain : IGrainWithStringKey
{
    /// <summary>Sets (or replaces: the old time's reminders are gone) the scheduled time; the same time again changes nothing.</summary>
    Task Schedule(ReminderSubject subject, DateTimeOffset scheduledAt);

    /// <summary>Cancels whatever has not fired yet (completed, ended, deleted); nothing scheduled is fine.</summary>
    Task Cancel();

    /// <summary>What is pending: for tests and the benchmark.</summary>
    Task<ReminderStatus> Status();
}

/// <summary>Whose reminder it is: the person, and the step key (journey) or the match id (meeting).</summary>
[GenerateSerializer, Immutable]
public sealed record ReminderSubject(long UserId, string? StepKey, long? MatchId)
{
    /// <summary>The grain key of this subject's reminders.</summary>
    public string GrainKey => MatchId is { } match ? $"match:{match}" : $"journey:{UserId}:{StepKey}";

    public static ReminderSubject Step(long userId, string key) => new(userId, key, null);

    public static ReminderSubject Meeting(long guestId, long matchId) => new(guestId, null, matchId);
}

/// <summary>The scheduled time, and what is still to fire: <see cref="Stages"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ReminderStatus(DateTimeOffset? ScheduledAt, string Stage);

/// <summary>Where a reminder is: nothing scheduled, waiting for its due time, waiting for overdue, done or cancelled.</summary>
public static class Stages
{
    public const string None = "none";
    public const string Due = "due";
    public const string Overdue = "overdue";
    public const string Done = "done";
    public const string Cancelled = "cancelled";
}
