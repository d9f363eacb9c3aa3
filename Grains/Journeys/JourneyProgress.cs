using Keys = HomeUniteUs.Grains.Interfaces.Journeys.JourneySteps;

namespace HomeUniteUs.Grains.Journeys;

/// <summary>
/// Derives a journey from its sources (pure, so the journey grain and the dashboard agree):
/// application ← the intake profile is APPROVED; interview and training ← the coordinator's
/// times; match, meeting, signing ← the active match's status. The first step that is not
/// complete is in progress, every later one locked.
/// </summary>
public static class JourneyProgress
{
    /// <summary>What a journey is derived from; <see cref="ActiveMatch"/> is null when the person has none.</summary>
    public sealed record Sources(string Role, string IntakeStatus, DateTimeOffset IntakeUpdatedAt, JourneyState Steps, Match? ActiveMatch);

    public static IReadOnlyList<JourneyTask> Tasks(Sources sources)
    {
        var steps = Steps(sources);
        JourneyTask Task(int id, string title, int from, int count)
        {
            var subTasks = steps.Skip(from).Take(count).ToList();
            var status = subTasks.All(s => s.Status == Keys.StatusComplete) ? Keys.StatusComplete
                : subTasks.Any(s => s.Status != Keys.StatusLocked) ? Keys.StatusInProgress
                : Keys.StatusLocked;
            return new JourneyTask(id, title, status, subTasks);
        }

        return
        [
            Task(1, "Application and Onboarding", 0, 3),
            Task(2, sources.Role == UserRoles.Host ? "Guest Matching" : "Host Matching", 3, 2),
            Task(3, "Match Finalized", 5, 1),
        ];
    }

    /// <summary>The six steps in order, with their statuses and times.</summary>
    public static IReadOnlyList<JourneyStep> Steps(Sources sources)
    {
        var match = sources.ActiveMatch;
        var approved = sources.IntakeStatus == IntakeStatus.Approved;
        var facts = new (bool Complete, DateTimeOffset? ScheduledAt, DateTimeOffset? CompletedAt)[]
        {
            (approved, null, approved ? sources.IntakeUpdatedAt : null),
            (sources.Steps.Interview.CompletedAt is not null, sources.Steps.Interview.ScheduledAt, sources.Steps.Interview.CompletedAt),
            (sources.Steps.Training.CompletedAt is not null, sources.Steps.Training.ScheduledAt, sources.Steps.Training.CompletedAt),
            (match?.AcceptedAt is not null, null, match?.AcceptedAt),
            (match?.MeetingHeldAt is not null, match?.MeetingAt, match?.MeetingHeldAt),
            (match?.FinalizedAt is not null, null, match?.FinalizedAt),
        };
        var keys = Keys.KeysOf(sources.Role);
        var steps = new List<JourneyStep>(keys.Count);
        var reached = true;
        for (var i = 0; i < keys.Count; i++)
        {
            var complete = reached && facts[i].Complete;
            var status = complete ? Keys.StatusComplete : reached ? Keys.StatusInProgress : Keys.StatusLocked;
            reached = complete;
            steps.Add(new JourneyStep(i + 1, keys[i], Keys.TitleOf(keys[i]), status, facts[i].ScheduledAt, facts[i].CompletedAt));
        }

        return steps;
    }

    /// <summary>The key of the step in progress, or "complete" (the dashboard's <c>journeyStep</c>).</summary>
    public static string CurrentStep(string role, bool intakeApproved, CoordinatorSteps steps, string? activeMatchStatus)
    {
        var done = new[]
        {
            intakeApproved,
            steps.InterviewComplete,
            steps.TrainingComplete,
            activeMatchStatus is MatchStatus.Accepted or MatchStatus.MeetingHeld or MatchStatus.Finalized,
            activeMatchStatus is MatchStatus.MeetingHeld or MatchStatus.Finalized,
            activeMatchStatus is MatchStatus.Finalized,
        };
        var first = Array.IndexOf(done, false);
        return first < 0 ? Keys.Complete : Keys.KeysOf(role)[first];
    }

    /// <summary>Whether every step before <paramref name="key"/> is complete.</summary>
    public static bool IsUnlocked(Sources sources, string key)
    {
        var steps = Steps(sources);
        var index = steps.ToList().FindIndex(s => s.Key == key);
        return steps.Take(index).All(s => s.Status == Keys.StatusComplete);
    }
}
