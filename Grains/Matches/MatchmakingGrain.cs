namespace HomeUniteUs.Grains.Matches;

/// <summary>
/// Checks who may match whom, then hands a proposal to a new match grain, which owns the slots.
/// Stateless: reads scale out; the slot grains serialize what must be serialized. Reentrant: it holds nothing between
/// awaits, so its calls (one worker key for all) wait for the grains they ask side by side.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class MatchmakingGrain(IdSequence ids) : Grain, IMatchmakingGrain
{
    public async Task<IReadOnlyList<MatchCandidate>> Candidates(Caller caller, long guestId)
    {
        EnsureCoordinatorOrAdmin(caller);
        await People((guestId, UserRoles.Guest));
        await EnsureCaseCoordinator(caller, guestId);
        if (!await TrainingComplete(guestId))
        {
            throw HuuException.Conflict($"The guest (user {guestId}) has not completed the training session");
        }

        var guestAnswers = await Answers(guestId, IntakeFormIds.Guest);
        var guestOrg = (await GrainFactory.GetGrain<IUserGrain>(guestId).Get())?.HousingOrgId;
        var hosts = await GrainFactory.GetGrain<IDashboardViewGrain>(DashboardViews.KeyOf(guestOrg)).UsersInRole(UserRoles.Host);
        var candidates = await Task.WhenAll(hosts.Select(async host =>
        {
            if (!await TrainingComplete(host.Id) || await MatchSlots.ActiveMatch(GrainFactory, host.Id) is not null)
            {
                return null;
            }

            return new MatchCandidate(host, ConflictRules.Between(guestAnswers, await Answers(host.Id, IntakeFormIds.Host)));
        }));
        return [.. candidates.OfType<MatchCandidate>().OrderBy(c => c.Conflicts.Count).ThenBy(c => c.Host.Id)];
    }

    public async Task<Match> Propose(Caller caller, long guestId, long hostId)
    {
        EnsureCoordinatorOrAdmin(caller);
        await People((guestId, UserRoles.Guest), (hostId, UserRoles.Host));
        var guestCase = await EnsureCaseCoordinator(caller, guestId);
        await SameOrg.Ensure(GrainFactory, guestId, hostId); // early, without a write; the match checks again once it holds both slots

        foreach (var (id, side) in new[] { (guestId, "guest"), (hostId, "host") })
        {
            if (!await TrainingComplete(id))
            {
                throw HuuException.Conflict($"The {side} (user {id}) has not completed the training session");
            }

            if (await MatchSlots.ActiveMatch(GrainFactory, id) is { } active)
            {
                throw HuuException.Conflict($"The {side} (user {id}) is already in an active match (match {active.Id})", [$"match {active.Id}"]);
            }
        }

        var matchId = await ids.Next(IdSequence.Matches);
        return await GrainFactory.GetGrain<IMatchGrain>(matchId).Open(new MatchProposal(guestId, hostId, guestCase?.CoordinatorId ?? 0, caller.UserId));
    }

    public async Task<IReadOnlyList<Match>> OfUser(Caller caller, long userId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.UserId != userId && !caller.IsCoordinator && !caller.IsAdmin)
        {
            throw HuuException.Forbidden("Only the person, coordinators and admins may see a person's matches");
        }

        _ = await GrainFactory.GetGrain<IUserGrain>(userId).Get() ?? throw HuuException.NotFound($"User with id {userId} does not exist.");
        var history = await GrainFactory.GetGrain<IMatchSlotGrain>(userId).History();
        var matches = await Task.WhenAll(history.Select(id => GrainFactory.GetGrain<IMatchGrain>(id).Peek()));
        return [.. matches.OfType<Match>().OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)];
    }

    private static void EnsureCoordinatorOrAdmin(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCoordinator && !caller.IsAdmin)
        {
            throw HuuException.Forbidden("Only the guest's case coordinator or an admin may match a guest");
        }
    }

    /// <summary>422 naming each id that is not a user of the expected role.</summary>
    private async Task People(params (long Id, string Role)[] people)
    {
        var errors = new List<FieldError>();
        foreach (var (id, role) in people)
        {
            var user = await GrainFactory.GetGrain<IUserGrain>(id).Get();
            if (user?.Role != role)
            {
                errors.Add(new FieldError($"{role}Id", $"User {id} is not a {role}"));
            }
        }

        if (errors.Count > 0)
        {
            throw HuuException.Validation(errors);
        }
    }

    private async Task<GuestCase?> EnsureCaseCoordinator(Caller caller, long guestId)
    {
        var guestCase = await GrainFactory.GetGrain<IGuestCaseGrain>(guestId).Get();
        return caller.IsAdmin || guestCase?.CoordinatorId == caller.UserId
            ? guestCase
            : throw HuuException.Forbidden("Only the guest's case coordinator or an admin may match this guest");
    }

    private Task<bool> TrainingComplete(long userId) => GrainFactory.GetGrain<IJourneyGrain>(userId).TrainingComplete();

    private async Task<Dictionary<string, string>> Answers(long userId, int formId) =>
        (await GrainFactory.GetGrain<IIntakeProfileGrain>(userId).Get(formId)).Responses.ToDictionary(r => r.FieldId, r => r.ValueJson, StringComparer.Ordinal);
}
