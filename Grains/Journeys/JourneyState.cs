namespace HomeUniteUs.Grains.Journeys;

/// <summary>
/// The stored part of one person's journey (state name "journey", keyed by user id): only what a
/// coordinator sets. The rest of the journey is derived, never stored.
/// </summary>
public sealed class JourneyState : IVersionedState, ActivityList.IStagesActivity
{
    public long UserId { get; set; }

    public StepTimes Interview { get; set; } = new();

    public StepTimes Training { get; set; } = new();

    /// <summary>Grows by one with every write; projections use it to ignore stale notifications.</summary>
    public long Version { get; set; }

    public List<Guid> StagedEvents { get; set; } = [];

    public CoordinatorSteps ToSteps() => new(Interview.CompletedAt is not null, Training.CompletedAt is not null);
}

/// <summary>When a coordinator-set step was scheduled for and when it was completed.</summary>
public sealed class StepTimes
{
    public DateTimeOffset? ScheduledAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>Which coordinator-set steps are complete: what the dashboard needs of a journey.</summary>
public sealed record CoordinatorSteps(bool InterviewComplete, bool TrainingComplete);
