using HomeUniteUs.Grains.Interfaces.Reminders;
using HomeUniteUs.Grains.Journeys;
using HomeUniteUs.Grains.Matches;

namespace HomeUniteUs.Grains.Reminders;

/// <summary>
/// What the journey, match and user grains call after a write that changes what is scheduled: one call each,
/// so the rules of which change schedules, replaces or cancels live here.
/// </summary>
public static class ScheduleReminders
{
    /// <summary>A coordinator-set step was written: scheduled and not complete → its reminders follow the time; else cancelled.</summary>
    public static Task FollowStep(IGrainFactory grains, long userId, string key, StepTimes times)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(times);
        if (times.ScheduledAt is null)
        {
            return Task.CompletedTask; // never scheduled: no reminders to follow or cancel
        }

        var subject = ReminderSubject.Step(userId, key);
        var reminders = grains.GetGrain<IScheduleReminderGrain>(subject.GrainKey);
        return times.ScheduledAt is { } at && times.CompletedAt is null ? reminders.Schedule(subject, at) : reminders.Cancel();
    }

    /// <summary>
    /// A match was written: an accepted match with a meeting time → the meeting's reminders follow it; once the
    /// meeting is held or the match ended they are cancelled. A match that never had a meeting time has none.
    /// </summary>
    public static Task FollowMeeting(IGrainFactory grains, MatchState match)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(match);
        if (match.MeetingAt is not { } at)
        {
            return Task.CompletedTask;
        }

        var subject = ReminderSubject.Meeting(match.GuestId, match.Id);
        var reminders = grains.GetGrain<IScheduleReminderGrain>(subject.GrainKey);
        return match.Phase == MatchState.Live && match.Status == MatchStatus.Accepted ? reminders.Schedule(subject, at) : reminders.Cancel();
    }

    /// <summary>A person was deleted: their steps' reminders are cancelled (a match of theirs was ended before: deletion refuses active matches).</summary>
    public static async Task PersonDeleted(IGrainFactory grains, UserView person)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(person);
        if (person.Role is UserRoles.Guest or UserRoles.Host)
        {
            foreach (var key in JourneySteps.CoordinatorSet)
            {
                await grains.GetGrain<IScheduleReminderGrain>(ReminderSubject.Step(person.Id, key).GrainKey).Cancel();
            }
        }
    }
}
