namespace HomeUniteUs.Grains.Interfaces.Journeys;

/// <summary>
/// The journey of one guest or host, keyed by user id. It stores only what a coordinator sets
/// (the interview's and the training session's scheduled and completed times); everything else
/// is derived on each read from the intake profile and the person's active match.
/// <list type="bullet">
/// <item>Read: the person, admins, any coordinator for a host, the guest's case coordinator for a guest.</item>
/// <item>Set a step: admins, any coordinator for a host, the guest's case coordinator for a guest.</item>
/// </list>
/// A guest or host asking about someone else gets 403 FORBIDDEN before learning whether they exist;
/// a user without a journey (unknown, admin, coordinator) is 404 NOT_FOUND.
/// </summary>
public interface IJourneyGrain : ActivityList.IActivitySourceGrain
{
    /// <summary>The journey as the caller may see it.</summary>
    Task<Journey> Get(Caller caller);

    /// <summary>
    /// Schedules and/or completes <paramref name="key"/> (only <c>coordinator_interview</c> and
    /// <c>training_session</c>, else 422 naming <c>key</c>); a step whose predecessors are not
    /// complete is 409 CONFLICT "Step … is locked". Completing a complete step keeps its time.
    /// </summary>
    Task<Journey> SetStep(Caller caller, string key, StepChange change);

    /// <summary>Whether the training session is complete (for matching; no caller check).</summary>
    Task<bool> TrainingComplete();
}
