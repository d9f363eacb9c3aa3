namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// Checks <see cref="IntakeAccess"/> against the stored user and, for a guest, their case, then calls the
/// owner's profile grain. Stateless and reentrant (it holds nothing between awaits): reads scale out, and the changes
/// of one profile reach its grain side by side, which makes each in its own turn and writes them together.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class IntakeProfileAccessGrain : Grain, IIntakeProfileAccessGrain
{
    private long UserId => this.GetPrimaryKeyLong();

    private IIntakeProfileGrain Profile => GrainFactory.GetGrain<IIntakeProfileGrain>(UserId);

    public async Task<IntakeProfile> Get(Caller caller) => await Profile.Get(await Authorize(caller, IntakeAction.Read));

    public async Task<IntakeProfile> Save(Caller caller, IReadOnlyList<IntakeResponse> responses) =>
        await Profile.Save(await Authorize(caller, IntakeAction.Write), responses);

    public async Task<IntakeProfile> Submit(Caller caller) => await Profile.Submit(await Authorize(caller, IntakeAction.Write), caller.UserId);

    public async Task<IntakeProfile> Review(Caller caller, string decision, string? note)
    {
        await Authorize(caller, IntakeAction.Review);
        return await Profile.Review(decision, note, caller.UserId);
    }

    /// <summary>The owner's form when the caller may do <paramref name="action"/>; else a 403, or a 404 for an unknown user or a role without a form.</summary>
    private async Task<int> Authorize(Caller caller, IntakeAction action)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!IntakeAccess.MayAsk(caller, UserId))
        {
            throw HuuException.Forbidden();
        }

        var user = await GrainFactory.GetGrain<IUserGrain>(UserId).Get();
        if (user is null)
        {
            // A worker per unknown id would otherwise stay until idle collection.
            DeactivateOnIdle();
            throw HuuException.NotFound($"User with id {UserId} does not exist.");
        }

        var formId = IntakeFormIds.ForRole(user.Role)
            ?? throw HuuException.NotFound($"User {UserId} has no intake profile: only guests and hosts have one, and this user is {(user.Role == UserRoles.Admin ? "an" : "a")} {user.Role}.");
        var caseCoordinator = IntakeAccess.NeedsCaseCoordinator(caller, UserId, user.Role)
            ? (await GrainFactory.GetGrain<IGuestCaseGrain>(UserId).Get())?.CoordinatorId
            : null;
        return IntakeAccess.Allows(caller, new IntakeProfileOwner(UserId, user.Role, caseCoordinator), action)
            ? formId
            : throw HuuException.Forbidden();
    }
}
