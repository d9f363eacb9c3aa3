using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Matches;
using Keys = HomeUniteUs.Grains.Interfaces.Journeys.JourneySteps;

namespace HomeUniteUs.Grains.Journeys;

/// <summary>
/// One person's journey. Stores the coordinator-set steps only; every read derives the rest
/// (<see cref="JourneyProgress"/>) from the intake profile and the active match.
/// <para>
/// Reentrant, with its writes grouped (<see cref="GroupedWrites{T}"/>): the calls that set a step while a write is running
/// change the steps in memory, one turn each, and are written together by the next write, whose success each of them
/// waits for before it answers. Reads answer the steps as last written, never a change still on its way; recovery
/// (<see cref="SettleActivity"/>) runs between writes.
/// </para>
/// </summary>
[Reentrant]
public sealed class JourneyGrain(
    [PersistentState(StateNames.Journey, StateNames.Store)] IPersistentState<JourneyState> stored,
    ActivityOutbox outbox,
    SourceRows rows,
    TimeProvider clock,
    ILogger<JourneyGrain> logger) : Grain, IJourneyGrain
{
    private GroupedWrites<JourneyState> writes = null!;

    private long UserId => this.GetPrimaryKeyLong();

    /// <summary>
    /// Repairs the steps row after a write whose row update was lost (a crash, an outage), then runs the follow-up of a
    /// write whose events are still staged and publishes them.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (stored.State.Version > 0)
        {
            await KeepRow(stored.State);
        }

        await outbox.Resume(stored.State, FollowReminders);
        writes = new GroupedWrites<JourneyState>(stored.State, Save, DeactivateOnIdle);
    }

    /// <summary>Recovery reads the stored state again: between writes, never while one runs.</summary>
    public Task SettleActivity() => writes.Alone(async () =>
    {
        await outbox.Settle(stored, new ActivitySource(ActivitySource.Journey, UserId), FollowReminders);
        return stored.State;
    });

    public async Task<Journey> Get(Caller caller)
    {
        var (person, guestCase) = await Authorize(caller);
        var coordinator = Coordinator(guestCase);
        return View(person, await Sources(person), await coordinator);
    }

    public async Task<Journey> SetStep(Caller caller, string key, StepChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!Keys.CoordinatorSet.Contains(key))
        {
            throw HuuException.Validation(new FieldError("key", $"Only {string.Join(" and ", Keys.CoordinatorSet)} are set by a coordinator"));
        }

        var (person, guestCase) = await Authorize(caller);
        if (!caller.IsAdmin && !caller.IsCoordinator)
        {
            throw HuuException.Forbidden("Only a coordinator or an admin sets a journey's steps");
        }

        // The coordinator is looked up while the step is checked and written; the sources are read once, for the check
        // and the answer: nothing this call does changes them but the steps. The steps are the newest, every change so
        // far in them, written or not; from here to the change, one turn, so the check and the change see the same ones,
        // and the answer shows the steps as this call left them.
        var coordinator = Coordinator(guestCase);
        var sources = (await Sources(person)) with { Steps = writes.Newest };
        if (!JourneyProgress.IsUnlocked(sources, key))
        {
            coordinator.Ignore();
            throw HuuException.Conflict($"Step {key} is locked");
        }

        var previous = writes.Newest;
        var times = key == Keys.CoordinatorInterview ? previous.Interview : previous.Training;
        var next = new StepTimes
        {
            ScheduledAt = change.ScheduledAt ?? times.ScheduledAt,
            CompletedAt = times.CompletedAt ?? (change.Complete ? clock.GetUtcNow() : null),
        };
        if (next.ScheduledAt != times.ScheduledAt || next.CompletedAt != times.CompletedAt)
        {
            var details = ActivityOutbox.Details(("key", key), ("scheduledAt", next.ScheduledAt));
            var events = new List<NewActivity>();
            if (next.ScheduledAt != times.ScheduledAt)
            {
                events.Add(new NewActivity(ActivityTypes.StepScheduled, clock.GetUtcNow(), UserId, caller.UserId, person.HousingOrgId, details));
            }

            if (next.CompletedAt != times.CompletedAt)
            {
                events.Add(new NewActivity(ActivityTypes.StepCompleted, clock.GetUtcNow(), UserId, caller.UserId, person.HousingOrgId, details));
            }

            var steps = new JourneyState
            {
                UserId = UserId,
                Interview = key == Keys.CoordinatorInterview ? next : previous.Interview,
                Training = key == Keys.TrainingSession ? next : previous.Training,
            };
            await writes.Change(steps, events);
            return View(person, sources with { Steps = steps }, await coordinator);
        }

        // Nothing to change, but what this call saw may still be on its way: it answers once that is written.
        await writes.Written();
        return View(person, sources, await coordinator);
    }

    public Task<bool> TrainingComplete() => Task.FromResult(writes.Committed.Training.CompletedAt is not null);

    /// <summary>The person and (for a guest) their case, when the caller may see this journey.</summary>
    private async Task<(UserView Person, GuestCase? Case)> Authorize(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.UserId != UserId && !caller.IsCoordinator && !caller.IsAdmin)
        {
            throw HuuException.Forbidden();
        }

        var person = await GrainFactory.GetGrain<IUserGrain>(UserId).Get();
        if (person is null || IntakeFormIds.ForRole(person.Role) is null)
        {
            // No journey here (an unknown id, or a role without one): nothing worth keeping in memory.
            DeactivateOnIdle();
            throw HuuException.NotFound($"User {UserId} has no journey.");
        }

        var guestCase = person.Role == UserRoles.Guest ? await GrainFactory.GetGrain<IGuestCaseGrain>(UserId).Get() : null;
        var oversees = caller.UserId == UserId || caller.IsAdmin
            || (caller.IsCoordinator && (person.Role == UserRoles.Host || guestCase?.CoordinatorId == caller.UserId));
        return oversees ? (person, guestCase) : throw HuuException.Forbidden("Only the guest's case coordinator or an admin may see this journey");
    }

    private Journey View(UserView person, JourneyProgress.Sources sources, CoordinatorContact? coordinator) =>
        new(UserId, person.Role, coordinator, JourneyProgress.Tasks(sources), sources.ActiveMatch);

    /// <summary>A guest's case coordinator, as the journey shows them (null without one).</summary>
    private async Task<CoordinatorContact?> Coordinator(GuestCase? guestCase) =>
        guestCase is { CoordinatorId: > 0 } && await GrainFactory.GetGrain<IUserGrain>(guestCase.CoordinatorId).Get() is { } owner
            ? new CoordinatorContact(owner.Id, owner.FullName, owner.Email)
            : null;

    /// <summary>The intake profile and the active match, read side by side, with the steps as last written.</summary>
    private async Task<JourneyProgress.Sources> Sources(UserView person)
    {
        var profileRead = GrainFactory.GetGrain<IIntakeProfileGrain>(UserId).Get(IntakeFormIds.ForRole(person.Role)!.Value);
        var match = await MatchSlots.ActiveMatch(GrainFactory, UserId);
        var profile = await profileRead;
        return new JourneyProgress.Sources(person.Role, profile.Status, profile.UpdatedAt, writes.Committed, match);
    }

    private Task KeepRow(JourneyState state) => rows.Keep(r => r.Journey(state), "journey steps", UserId, state.Version, DeactivateOnIdle);

    /// <summary>
    /// The state write, then side by side its reminders and the dashboard's notice (neither reads the other; the dashboard
    /// keeps the highest version, the reminders follow the written state), then the events, with the steps row in their
    /// transaction (one round trip and one synchronous commit for both; a failure of that transaction deactivates the
    /// grain, whose next activation writes the row and publishes the events, as <see cref="OnActivateAsync"/> says).
    /// </summary>
    private async Task Save(JourneyState next, IReadOnlyList<NewActivity> events)
    {
        await outbox.Write(
            stored,
            next,
            new ActivitySource(ActivitySource.Journey, UserId),
            events,
            () => stored.WriteNext(next, DeactivateOnIdle),
            written => Task.WhenAll(
                FollowReminders(written),
                DashboardNotifications.JourneyChanged(GrainFactory, written.ToSteps(), UserId, written.Version, logger)),
            new RowWithEvents<JourneyState>(SourceRows.JourneyCommand, Failed: () =>
            {
                logger.LogWarning("The journey steps row of {Id} (version {Version}) was not written; the next activation repairs it", UserId, stored.State.Version);
                DeactivateOnIdle();
            }));
    }

    /// <summary>The reminders of the coordinator-set steps follow the stored times (idempotent: a write's follow-up, run again by recovery).</summary>
    private async Task FollowReminders(JourneyState state)
    {
        await Reminders.ScheduleReminders.FollowStep(GrainFactory, UserId, Keys.CoordinatorInterview, state.Interview);
        await Reminders.ScheduleReminders.FollowStep(GrainFactory, UserId, Keys.TrainingSession, state.Training);
    }
}
