using HomeUniteUs.Grains.ActivityList;

namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// One user's intake profile. The rules live in <see cref="IntakeProfileWorkflow"/>; this grain
/// resolves the form, stamps the time and stores the new state. Calls run one at a time, so
/// concurrent saves of different fields merge instead of overwriting each other.
/// </summary>
public sealed class IntakeProfileGrain(
    [PersistentState(IntakeProfileState.StateName, StateNames.Store)] IPersistentState<IntakeProfileState> profile,
    ActivityOutbox outbox,
    SourceRows rows,
    TimeProvider clock,
    ILogger<IntakeProfileGrain> logger) : Grain, IIntakeProfileGrain
{
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
    }

    public Task SettleActivity() => outbox.Settle(profile, Source);

    public Task<IntakeProfile> Get(int formId) => Task.FromResult(IntakeProfileWorkflow.View(UserId, profile.State, FormOf(formId)));

    public async Task<IntakeProfile> Save(int formId, IReadOnlyList<IntakeResponse> responses)
    {
        var form = FormOf(formId);
        return await Store(IntakeProfileWorkflow.Save(UserId, profile.State, form, responses, clock.GetUtcNow()), form, []);
    }

    public async Task<IntakeProfile> Submit(int formId, long actorId)
    {
        var form = FormOf(formId);
        var next = IntakeProfileWorkflow.Submit(UserId, profile.State, form, clock.GetUtcNow());
        return await Store(next, form, [await Event(ActivityTypes.IntakeSubmitted, actorId, ActivityOutbox.Details(("formId", form.Id)))]);
    }

    public async Task<IntakeProfile> Review(string decision, string? note, long actorId)
    {
        var next = IntakeProfileWorkflow.Review(profile.State, decision, note, clock.GetUtcNow());
        return await Store(next, FormOf(next.FormId), [await Event(ActivityTypes.IntakeReviewed, actorId, ActivityOutbox.Details(("decision", decision)))]);
    }

    /// <summary>An event about the profile's owner, in their current org.</summary>
    private async Task<NewActivity> Event(string type, long actorId, string details) =>
        new(type, clock.GetUtcNow(), UserId, actorId, (await GrainFactory.GetGrain<IUserGrain>(UserId).Get())?.HousingOrgId, details);

    private Task KeepRow(IntakeProfileState state) => rows.Keep(r => r.Intake(state), "intake status", UserId, state.Version, DeactivateOnIdle);

    private static IntakeForm FormOf(int formId) =>
        IntakeForms.Find(formId) ?? throw HuuException.NotFound($"Form with id {formId} does not exist.");

    // A failed write puts the previous state back and deactivates: memory never holds what storage does not.
    // After it, the status row and the dashboard's notice go side by side (both keep the highest version; neither fails).
    private async Task<IntakeProfile> Store(IntakeProfileState next, IntakeForm form, IReadOnlyList<NewActivity> events)
    {
        await outbox.Write(
            profile,
            next,
            Source,
            events,
            () => profile.WriteNext(next, DeactivateOnIdle),
            written => Task.WhenAll(
                KeepRow(written),
                DashboardNotifications.IntakeChanged(GrainFactory, UserId, written.Status, written.UpdatedAt, written.Version, logger)));
        return IntakeProfileWorkflow.ToProfile(UserId, next, form);
    }
}
