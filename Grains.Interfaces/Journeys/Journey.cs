namespace HomeUniteUs.Grains.Interfaces.Journeys;

/// <summary>
/// A guest's or host's way through the host-home program, as API.md's Journey: computed on every
/// read from the intake profile, the coordinator-set steps and the active match.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Journey(
    long UserId,
    string Role,
    CoordinatorContact? Coordinator,
    IReadOnlyList<JourneyTask> Tasks,
    Matches.Match? Match);

/// <summary>A guest's case coordinator, as the guest may reach them.</summary>
[GenerateSerializer, Immutable]
public sealed record CoordinatorContact(long Id, string Name, string Email);

/// <summary>One of the three tasks the frontend draws (its <c>Task</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record JourneyTask(int Id, string Title, string Status, IReadOnlyList<JourneyStep> SubTasks);

/// <summary>One of the six steps (the frontend's <c>SubTask</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record JourneyStep(int Id, string Key, string Title, string Status, DateTimeOffset? ScheduledAt, DateTimeOffset? CompletedAt);

/// <summary>A coordinator's change to <c>coordinator_interview</c> or <c>training_session</c>: schedule it, complete it, or both.</summary>
[GenerateSerializer, Immutable]
public sealed record StepChange(DateTimeOffset? ScheduledAt, bool Complete);
