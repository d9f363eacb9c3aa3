using HomeUniteUs.Grains.ActivityList;

namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// One user's intake profile. The rules live in <see cref="IntakeProfileWorkflow"/>; this grain
/// resolves the form, stamps the time and stores the new state. Each change is made in one turn from every change
/// before it, so concurrent saves of different fields merge instead of overwriting each other.
/// Reentrant, with its writes grouped (<see cref="GroupedWrites{T}"/>): the changes made while a write runs are written
/// together by the next one, and each call answers once its change is written. Reads answer the profile as last
/// written; recovery (<see cref="SettleActivity"/>) runs between writes.
/// </summary>
[Reentrant]
public sealed class IntakeProfileGrain(
    [PersistentState(IntakeProfileState.StateName, StateNames.Store)] IPersistentState<IntakeProfileState> profile,
    ActivityOutbox outbox,
    SourceRows rows,
    TimeProvider clock,
    ILogger<IntakeProfileGrain> logger) : Grain, IIntakeProfileGrain
{
    private GroupedWrites<IntakeProfileState> writes = null!;

    private long UserId => this.GetPrimaryKeyLong();

    private ActivitySource Source => new(ActivitySource.Intake, UserId);

    /// <summary>Publishes staged events and repairs the status row after a write whose row update was lost (a crash, an outage).</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (profile.State.Id > 0)
        {
            await KeepRow(profile.State);
        }

        await outbox.Publish(profile.State);
        writes = new GroupedWrites<IntakeProfileState>(profile.State, Write, DeactivateOnIdle);
    }

    public Task SettleActivity() => writes.Alone(async () =>
    {
        await outbox.Settle(profile, Source);
        return profile.State;
    });

    public Task<IntakeProfile> Get(int formId) => Task.FromResult(IntakeProfileWorkflow.View(UserId, writes.Committed, FormOf(formId)));

    public async Task<IntakeProfile> Save(int formId, IReadOnlyList<IntakeResponse> responses)
    {
        var form = FormOf(formId);
        return await Store(IntakeProfileWorkflow.Save(UserId, writes.Newest, form, responses, clock.GetUtcNow()), form, []);
    }

    public async Task<IntakeProfile> Submit(int formId, long actorId)
    {
        var form = FormOf(formId);
        var submitted = await Event(ActivityTypes.IntakeSubmitted, actorId, ActivityOutbox.Details(("formId", form.Id)));
        return await Store(IntakeProfileWorkflow.Submit(UserId, writes.Newest, form, clock.GetUtcNow()), form, [submitted]);
    }

    public async Task<IntakeProfile> Review(string decision, string? note, long actorId)
    {
        var reviewed = await Event(ActivityTypes.IntakeReviewed, actorId, ActivityOutbox.Details(("decision", decision)));
        var next = IntakeProfileWorkflow.Review(writes.Newest, decision, note, clock.GetUtcNow());
        return await Store(next, FormOf(next.FormId), [reviewed]);
    }

    /// <summary>An event about the profile's owner, in their current org.</summary>
    private async Task<NewActivity> Event(string type, long actorId, string details) =>
        new(type, clock.GetUtcNow(), UserId, actorId, (await GrainFactory.GetGrain<IUserGrain>(UserId).Get())?.HousingOrgId, details);

    private Task KeepRow(IntakeProfileState state) => rows.Keep(r => r.Intake(state), "intake status", UserId, state.Version, DeactivateOnIdle);

    private static IntakeForm FormOf(int formId) =>
        IntakeForms.Find(formId) ?? throw HuuException.NotFound($"Form with id {formId} does not exist.");

    /// <summary>Makes <paramref name="next"/> (made from the newest state in this turn) the newest and answers it once it is written.</summary>
    private async Task<IntakeProfile> Store(IntakeProfileState next, IntakeForm form, IReadOnlyList<NewActivity> events)
    {
        await writes.Change(next, events);
        return IntakeProfileWorkflow.ToProfile(UserId, next, form);
    }

    // A failed write puts the previous state back and deactivates: memory never holds what storage does not.
    // After it, the status row and the dashboard's notice go side by side (both keep the highest version; neither fails).
    private Task Write(IntakeProfileState next, IReadOnlyList<NewActivity> events) =>
        outbox.Write(
            profile,
            next,
            Source,
            events,
            () => profile.WriteNext(next, DeactivateOnIdle),
            written => Task.WhenAll(
                KeepRow(written),
                DashboardNotifications.IntakeChanged(GrainFactory, UserId, written.Status, written.UpdatedAt, written.Version, logger)));
}
