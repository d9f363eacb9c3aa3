using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.ActivityList;

namespace HomeUniteUs.Grains.Matches;

/// <summary>
/// One match and its state machine. A proposal reserves the guest's slot, then the host's (always
/// in that order, so the liveness checks between match grains never form a cycle), and undoes
/// both when one is taken; a crash mid-proposal leaves the state <see cref="MatchState.Reserving"/>,
/// which <see cref="Recover"/> undoes.
/// Invariant 9: only once it holds both slots does the proposal read the two people's housing orgs
/// (<see cref="SameOrg"/>), and a membership move writes an org only while it holds that person's
/// slot (<see cref="Access.UserGrain"/>), so the orgs it read cannot change while the match is active.
/// A slot held by a move that still runs is refused (409); a hold whose move no longer runs (the user
/// grain says so, from memory) is released and the reservation tried again.
/// </summary>
public sealed class MatchGrain(
    [PersistentState(StateNames.Match, StateNames.Store)] IPersistentState<MatchState> stored,
    ActivityOutbox outbox,
    SourceRows rows,
    TimeProvider clock,
    ILogger<MatchGrain> logger) : Grain, IMatchGrain, IMayBeUnknown
{
    private MatchState State => stored.State;

    private long Id => this.GetPrimaryKeyLong();

    public bool IsUnknown => State.Phase is null;

    /// <summary>
    /// Repairs the match's row after a write whose row update was lost (a crash, an outage), then runs the follow-up of a
    /// write whose events are still staged and publishes them.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Version > 0)
        {
            await KeepRow(State);
        }

        await outbox.Resume(State, FollowReminders);
    }

    public Task SettleActivity() => outbox.Settle(stored, new ActivitySource(ActivitySource.Match, Id), FollowReminders);

    public async Task<Match> Open(MatchProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (State.Phase is not null)
        {
            throw HuuException.Conflict($"Match {Id} was already proposed");
        }

        var now = clock.GetUtcNow();
        await Save(new MatchState
        {
            Id = Id,
            Phase = MatchState.Reserving,
            GuestId = proposal.GuestId,
            HostId = proposal.HostId,
            CoordinatorId = proposal.CoordinatorId,
            Status = MatchStatus.Proposed,
            CreatedAt = now,
            UpdatedAt = now,
        }, []);
        try
        {
            await Reserve(proposal.GuestId, "guest");
            CrashPoints.Reach(CrashPoints.MatchAfterGuestSlot);
            await Reserve(proposal.HostId, "host");
            CrashPoints.Reach(CrashPoints.MatchAfterHostSlot);
            await SameOrg.Ensure(GrainFactory, proposal.GuestId, proposal.HostId);
            var live = State.Copy();
            live.Phase = MatchState.Live;
            await Save(live, await Events(proposal.ProposedBy, ActivityTypes.MatchProposed));
        }
        catch (Exception e)
        {
            logger.LogInformation("Proposal {MatchId} undone: {Error}", Id, e.GetType().Name);
            await Undo();
            throw;
        }

        return State.ToMatch()!;
    }

    public async Task<Match> Get(Caller caller)
    {
        var match = Existing();
        if (!IsParty(caller) && !await Oversees(caller))
        {
            throw HuuException.Forbidden("Only the guest, the host, the guest's case coordinator or an admin may see this match");
        }

        return match;
    }

    public async Task<Match> Respond(Caller caller, bool accept)
    {
        Existing();
        if (!IsParty(caller))
        {
            throw HuuException.Forbidden("Only the guest or the host of this match may answer it");
        }

        var isGuest = caller.UserId == State.GuestId;
        var answer = isGuest ? State.GuestAccepted : State.HostAccepted;
        if (State.Status != MatchStatus.Proposed)
        {
            // The same answer again is idempotent while the match is where that answer left it.
            var repeated = answer == accept && State.Status == (accept ? MatchStatus.Accepted : MatchStatus.Declined);
            return repeated ? State.ToMatch()! : throw NotIn(MatchStatus.Proposed);
        }

        if (answer == accept)
        {
            return State.ToMatch()!; // accepted already, the other side has not answered: nothing changes, updatedAt included
        }

        var next = Changed();
        if (isGuest)
        {
            next.GuestAccepted = accept;
        }
        else
        {
            next.HostAccepted = accept;
        }

        if (!accept)
        {
            next.Status = MatchStatus.Declined;
        }
        else if (next.GuestAccepted == true && next.HostAccepted == true)
        {
            next.Status = MatchStatus.Accepted;
            next.AcceptedAt = next.UpdatedAt;
        }

        await Save(next, next.Status switch
        {
            MatchStatus.Declined => await Events(caller.UserId, ActivityTypes.MatchDeclined),
            MatchStatus.Accepted => await Events(caller.UserId, ActivityTypes.MatchAccepted),
            _ => [],
        });
        if (next.Status == MatchStatus.Declined)
        {
            await ReleaseSlots();
        }

        return State.ToMatch()!;
    }

    public async Task<Match> Meeting(Caller caller, MeetingChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await EnsureOverseer(caller);
        if (State.Status != MatchStatus.Accepted)
        {
            throw NotIn(MatchStatus.Accepted);
        }

        var next = Changed();
        next.MeetingAt = change.MeetingAt ?? next.MeetingAt;
        if (change.Held)
        {
            next.Status = MatchStatus.MeetingHeld;
            next.MeetingHeldAt = next.UpdatedAt;
        }

        var scheduled = next.MeetingAt != State.MeetingAt ? [ActivityTypes.MeetingScheduled] : Array.Empty<string>();
        await Save(next, await Events(caller.UserId, [.. scheduled, .. change.Held ? [ActivityTypes.MeetingHeld] : Array.Empty<string>()], ("meetingAt", next.MeetingAt)));
        return State.ToMatch()!;
    }

    public async Task<Match> Sign(Caller caller)
    {
        Existing();
        if (!IsParty(caller))
        {
            throw HuuException.Forbidden("Only the guest or the host of this match may sign its agreement");
        }

        if (State.Status == MatchStatus.Finalized)
        {
            return State.ToMatch()!;
        }

        if (State.Status != MatchStatus.MeetingHeld)
        {
            throw NotIn(MatchStatus.MeetingHeld);
        }

        if ((caller.UserId == State.GuestId ? State.GuestSignedAt : State.HostSignedAt) is not null)
        {
            return State.ToMatch()!; // signed already, waiting for the other side: nothing changes, updatedAt included
        }

        var next = Changed();
        if (caller.UserId == State.GuestId)
        {
            next.GuestSignedAt ??= next.UpdatedAt;
        }
        else
        {
            next.HostSignedAt ??= next.UpdatedAt;
        }

        if (next.GuestSignedAt is not null && next.HostSignedAt is not null)
        {
            next.Status = MatchStatus.Finalized;
            next.FinalizedAt = next.UpdatedAt;
        }

        var signed = next.GuestSignedAt != State.GuestSignedAt || next.HostSignedAt != State.HostSignedAt ? [ActivityTypes.MatchSigned] : Array.Empty<string>();
        var finalized = next.Status == MatchStatus.Finalized ? [ActivityTypes.MatchFinalized] : Array.Empty<string>();
        await Save(next, await Events(caller.UserId, [.. signed, .. finalized], ("signedBy", caller.Role)));
        if (next.Status == MatchStatus.Finalized)
        {
            await GrainFactory.GetGrain<IGuestCaseGrain>(State.GuestId).MatchChanged(matched: true);
        }

        return State.ToMatch()!;
    }

    public async Task<Match> End(Caller caller, string reason)
    {
        await EnsureOverseer(caller);
        if (!MatchStatus.IsActive(State.Status))
        {
            throw HuuException.Conflict($"The match is {State.Status} and can no longer be ended");
        }

        var next = Changed();
        next.Status = MatchStatus.Ended;
        next.EndReason = reason;
        await Save(next, await Events(caller.UserId, [ActivityTypes.MatchEnded], ("reason", reason)));
        await ReleaseSlots();
        await GrainFactory.GetGrain<IGuestCaseGrain>(State.GuestId).MatchChanged(matched: false);
        return State.ToMatch()!;
    }

    public Task<Match?> Peek() => Task.FromResult(State.ToMatch());

    public async Task<bool> Holds(long userId)
    {
        await Recover();
        return State.Phase == MatchState.Live && MatchStatus.IsActive(State.Status) && (State.GuestId == userId || State.HostId == userId);
    }

    public async Task Recover()
    {
        if (State.Phase == MatchState.Reserving)
        {
            logger.LogWarning("Undoing proposal {MatchId} that a crash interrupted", Id);
            await Undo();
        }
    }

    /// <summary>Takes the person's slot; a holder that is no longer live (ended, undone, crashed, a move that no longer runs) is pushed out first.</summary>
    private async Task Reserve(long userId, string side)
    {
        var slot = GrainFactory.GetGrain<IMatchSlotGrain>(userId);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claim = await slot.Reserve(Id);
            if (claim.MoveId is { } move)
            {
                if (await GrainFactory.GetGrain<IUserGrain>(userId).Moving(move))
                {
                    throw HuuException.Conflict($"The {side} (user {userId}) is moving to another housing org: try again when that is done");
                }

                await slot.ReleaseHold(move);
                continue;
            }

            var holder = claim.MatchId!.Value;
            if (holder == Id)
            {
                return;
            }

            if (await GrainFactory.GetGrain<IMatchGrain>(holder).Holds(userId))
            {
                throw HuuException.Conflict($"The {side} (user {userId}) is already in an active match (match {holder})", [$"match {holder}"]);
            }

            await slot.Release(holder);
        }

        throw HuuException.Conflict($"The {side} (user {userId}) is already in an active match");
    }

    /// <summary>Frees what the proposal reserved and marks it undone; a failure leaves it reserving, for recovery.</summary>
    private async Task Undo()
    {
        await GrainFactory.GetGrain<IMatchSlotGrain>(State.GuestId).Release(Id);
        await GrainFactory.GetGrain<IMatchSlotGrain>(State.HostId).Release(Id);
        var undone = State.Copy();
        undone.Phase = MatchState.Undone;
        await Save(undone, []);
        DeactivateOnIdle();
    }

    private async Task ReleaseSlots()
    {
        await GrainFactory.GetGrain<IMatchSlotGrain>(State.GuestId).Release(Id);
        await GrainFactory.GetGrain<IMatchSlotGrain>(State.HostId).Release(Id);
    }

    private Match Existing() => State.ToMatch() ?? throw MatchErrors.NotFound(Id);

    private bool IsParty(Caller caller) =>
        (caller.UserId == State.GuestId && caller.Role == UserRoles.Guest) || (caller.UserId == State.HostId && caller.Role == UserRoles.Host);

    private async Task<bool> Oversees(Caller caller) =>
        caller.IsAdmin || (caller.IsCoordinator && (await GrainFactory.GetGrain<IGuestCaseGrain>(State.GuestId).Get())?.CoordinatorId == caller.UserId);

    private async Task EnsureOverseer(Caller caller)
    {
        Existing();
        if (!await Oversees(caller))
        {
            throw HuuException.Forbidden("Only the guest's case coordinator or an admin may do this");
        }
    }

    private HuuException NotIn(string expected) =>
        HuuException.Conflict($"The match is {State.Status}: this needs it to be {expected}");

    private MatchState Changed()
    {
        var next = State.Copy();
        next.UpdatedAt = clock.GetUtcNow();
        return next;
    }

    /// <summary>
    /// The events of one change of this match: about the guest (in the guest's current org), with the match and the
    /// host in the details (the host's org is the guest's: a proposal needs both in one org, and neither moves while matched).
    /// </summary>
    private async Task<List<NewActivity>> Events(long? actorId, IEnumerable<string> types, params (string Name, object? Value)[] details)
    {
        var at = clock.GetUtcNow();
        var org = (await GrainFactory.GetGrain<IUserGrain>(State.GuestId).Get())?.HousingOrgId;
        var json = ActivityOutbox.Details([("matchId", Id), ("hostId", State.HostId), .. details]);
        return [.. types.Select(type => new NewActivity(type, at, State.GuestId, actorId, org, json))];
    }

    private Task<List<NewActivity>> Events(long? actorId, string type) => Events(actorId, [type]);

    private Task KeepRow(MatchState state) => rows.Keep(r => r.Match(state), "match", Id, state.Version, DeactivateOnIdle);

    /// <summary>Writes the next version with its events (and its row); a failed write leaves memory as storage has it.</summary>
    private async Task Save(MatchState next, IReadOnlyList<NewActivity> events)
    {
        var previousStatus = State.Status;
        await outbox.Write(
            stored,
            next,
            new ActivitySource(ActivitySource.Match, Id),
            events,
            async () =>
            {
                await stored.WriteNext(next, DeactivateOnIdle);
                await KeepRow(next);
            },
            FollowReminders);
        if (next.Status != previousStatus)
        {
            Telemetry.HuuMetrics.MatchTransition(next.Status);
        }

        await DashboardNotifications.MatchChanged(GrainFactory, next.ToMatch(), Id, next.GuestId, next.HostId, next.Version, logger);
    }

    /// <summary>The meeting's reminders follow the stored match (idempotent: every write's follow-up, run again by recovery).</summary>
    private Task FollowReminders(MatchState state) => Reminders.ScheduleReminders.FollowMeeting(GrainFactory, state);
}
