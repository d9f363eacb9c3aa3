using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;

namespace HomeUniteUs.Grains.Access;

public sealed class UserGrain(
    [PersistentState(StateNames.User, StateNames.Store)] IPersistentState<UserState> user,
    PeopleTable people,
    ActivityOutbox outbox,
    TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IMayBeUnknown
{
    /// <summary>The membership move running on this activation (see <see cref="Move"/>), kept after a write of unknown outcome.</summary>
    private Guid? moving;

    private UserState State => user.State;

    public bool IsUnknown => State.Status is null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Repairs the person's huu_people row after a write whose row update was lost (a crash, an outage).
        if (State.Status is not null)
        {
            await SyncPeopleRow();
        }

        await outbox.Publish(State);
    }

    public Task ResyncPeopleRow() => State.Status is null ? Task.CompletedTask : SyncPeopleRow();

    public Task SettleActivity() => outbox.Settle(user, Source);

    public Task<UserView?> Get() => Task.FromResult(State.IsActive ? State.ToView() : null);

    public Task<long?> HousingOrg() => Task.FromResult(State.Status is null ? null : State.HousingOrgId);

    public async Task<bool> ReachedBy(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return !State.IsActive || Reach.Includes(await Scope(caller), State.ToView().Scope);
    }

    public async Task<UserView> ChangeMembership(Caller caller, MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var person = State.IsActive ? State.ToView().Scope : throw NotFound();
        var by = await Scope(caller);
        if (!Reach.Includes(by, person) && !MembershipRules.LeadTakesCoordinatorIn(by, person, change))
        {
            throw NotFound();
        }

        if (MembershipRules.Invalid(person, change) is { Count: > 0 } invalid)
        {
            throw HuuException.Validation(invalid);
        }

        if (change.HousingOrgId is { } orgId && await GrainFactory.GetGrain<IHousingOrgRegistryGrain>(0).Get(orgId) is null)
        {
            throw HuuException.Validation(new FieldError("housingOrgId", $"No housing org has the id {orgId}"));
        }

        if (!MembershipRules.Allows(by, person, change))
        {
            throw HuuException.Forbidden("You may not change this person's housing org membership");
        }

        var (org, lead) = MembershipRules.Next(person, change);
        if (org == State.HousingOrgId && lead == State.Lead)
        {
            return State.ToView();
        }

        if (org != State.HousingOrgId)
        {
            await Move(org, lead, caller.UserId);
            return State.ToView();
        }

        State.Lead = lead;
        await Changed(MembershipChanged(caller.UserId, State.HousingOrgId, org, lead));
        return State.ToView();
    }

    public Task<bool> Moving(Guid moveId) => Task.FromResult(moving == moveId);

    public async Task<UserView> Create(NewUser newUser)
    {
        if (State.Status is not null)
        {
            throw HuuException.Conflict($"User {this.GetPrimaryKeyLong()} already exists");
        }

        var now = clock.GetUtcNow();
        user.State = new UserState
        {
            Id = this.GetPrimaryKeyLong(),
            Email = newUser.Email,
            FirstName = newUser.FirstName,
            MiddleName = newUser.MiddleName,
            LastName = newUser.LastName,
            Role = newUser.Role,
            HousingOrgId = newUser.HousingOrgId,
            Lead = newUser.Lead,
            Status = UserState.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            Version = State.Version + 1,
            JoinEvent = newUser.JoinEvent,
            InvitedBy = newUser.InvitedBy,
        };
        await user.WriteStateAsync();
        await SyncPeopleRow();
        await DashboardNotifications.UserChanged(GrainFactory, null, State.Id, State.HousingOrgId, State.Version, logger);
        return State.ToView();
    }

    public async Task<UserView> Activate()
    {
        if (State.Status is null)
        {
            throw HuuException.NotFound($"User {this.GetPrimaryKeyLong()} does not exist");
        }

        if (!State.IsActive)
        {
            State.Status = UserState.Active;
            await Changed(State.JoinEvent is { } joined
                ? Event(joined, joined == ActivityTypes.Invited ? State.InvitedBy : State.Id, ActivityOutbox.Details(("role", State.Role)))
                : null);
        }

        return State.ToView();
    }

    public async Task<bool> Delete()
    {
        if (State.Status is null)
        {
            return false;
        }

        var version = State.Version + 1;
        var deleted = State.ToView();

        // Events staged by earlier writes go out before the state that names them is cleared.
        await outbox.Publish(State);
        await user.ClearStateAsync();

        // Keep the version so a late notification about the old user cannot resurrect it in a projection.
        user.State = new UserState { Id = this.GetPrimaryKeyLong(), Version = version };
        await SyncPeopleRow(deleted, active: false, version);
        await Reminders.ScheduleReminders.PersonDeleted(GrainFactory, deleted);
        await DashboardNotifications.UserChanged(GrainFactory, null, State.Id, deleted.HousingOrgId, version, logger);
        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.User, State.Id, clock, logger);
        DeactivateOnIdle();
        return true;
    }

    public Task<UserView?> Authenticate(TokenFacts token)
    {
        if (!State.IsActive || IsRevoked(token))
        {
            return Task.FromResult<UserView?>(null);
        }

        return Task.FromResult<UserView?>(State.ToView());
    }

    public async Task SignOut(TokenFacts token)
    {
        var now = clock.GetUtcNow();
        State.Revoked.RemoveAll(r => r.ExpiresAt < now);
        State.Revoked.Add(new RevokedToken(token.Jti, token.ExpiresAt));
        if (token.OriginJti is not null)
        {
            State.Revoked.Add(new RevokedToken(token.OriginJti, token.ExpiresAt));
        }

        State.SignedOutAt = now;
        await user.WriteStateAsync();

        // The gateways drop their verdicts on the user's tokens before the sign-out is acknowledged.
        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.User, State.Id, clock, logger);
    }

    /// <summary>
    /// The move to another org: one serialized flow with the person's match slot (invariant 9). The rule:
    /// the org is written only while this move holds the slot (taken only when no live match holds it), and
    /// the hold is released only once the outcome of the write is known. A proposal reserves a slot only
    /// when no running move holds it and reads both orgs only once it holds both slots, so the orgs it read
    /// stay as they are while its match is active. A failed write (its outcome unknown) keeps the hold and
    /// this activation goes away; the hold then belongs to a move that no longer runs (<see cref="Moving"/>
    /// is false on the next activation, which reads the row again) and whoever meets it releases it: a
    /// proposal, the person's next move, or a silo's start-up sweep. So a <c>kill -9</c> mid-move leaves
    /// the person moved or not, as the stored row says, and no hold that refuses forever.
    /// </summary>
    private async Task Move(long? org, bool lead, long actorId)
    {
        if (moving is not null)
        {
            throw HuuException.Unavailable("A membership change of this person failed a moment ago, please retry shortly");
        }

        var from = DashboardViews.KeyOf(State.HousingOrgId);
        var hold = new MembershipHold(Guid.NewGuid(), org, clock.GetUtcNow());
        moving = hold.Id;
        var settled = true;
        try
        {
            if (await Matches.MatchSlots.HoldForMove(GrainFactory, State.Id, hold) is { } match)
            {
                throw HuuException.Conflict($"This {State.Role} is in an active match: end match {match.Id} first", [$"match #{match.Id} ({match.Status})"]);
            }

            CrashPoints.Reach(CrashPoints.MoveAfterHold);
            await EnsureFreeToMove(org);

            // Hidden from every coordinator's activity until the new row is written (or repaired after a crash).
            await people.MarkMoving(State.Id);
            settled = false;
            var changed = MembershipChanged(actorId, State.HousingOrgId, org, lead);
            State.HousingOrgId = org;
            State.Lead = lead;
            await Write(changed);
            settled = true;
            CrashPoints.Reach(CrashPoints.MoveAfterWrite);
        }
        finally
        {
            if (settled)
            {
                await ReleaseHold(hold.Id);
            }
            else
            {
                DeactivateOnIdle();
            }
        }

        await Notify(movedFrom: from);
    }

    /// <summary>Ends a settled move's hold; if that fails the hold stays, to be released by whoever meets it.</summary>
    private async Task ReleaseHold(Guid moveId)
    {
        try
        {
            await GrainFactory.GetGrain<IMatchSlotGrain>(State.Id).ReleaseHold(moveId);
        }
        catch (Exception e)
        {
            logger.LogWarning("The hold of membership move {MoveId} on user {UserId}'s match slot stays until someone meets it: {Error}", moveId, State.Id, e.GetType().Name);
        }

        moving = null;
    }

    /// <summary>
    /// 409 while something else holds the person in their org (an active match is the slot's hold): a guest's
    /// case coordinated by a coordinator of another org than <paramref name="org"/>, a coordinator's cases in the org they leave.
    /// </summary>
    private async Task EnsureFreeToMove(long? org)
    {
        if (State.Role == UserRoles.Guest
            && await GrainFactory.GetGrain<IGuestCaseGrain>(State.Id).Get() is { CoordinatorId: > 0 } guestCase
            && await GrainFactory.GetGrain<IUserGrain>(guestCase.CoordinatorId).Get() is { } coordinator
            && coordinator.HousingOrgId != org)
        {
            throw HuuException.Conflict(
                $"This guest's case is coordinated by user {coordinator.Id}, who is not in that housing org: reassign the case first",
                [$"case of guest #{State.Id} coordinated by {coordinator.Email} (#{coordinator.Id})"]);
        }

        if (State.Role == UserRoles.Coordinator
            && await GrainFactory.GetGrain<ICoordinatorCaseloadGrain>(State.Id).OwnedCases() is { Count: > 0 } owned)
        {
            throw HuuException.Conflict($"This coordinator still coordinates {owned.Count} guest case(s): reassign them first", owned);
        }
    }

    /// <summary>
    /// The caller's current membership, read from their own user grain (this one when they are the person).
    /// An admin has none to read: roles never change, and the gateway verified the caller's against the store.
    /// </summary>
    private async Task<MemberScope> Scope(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsAdmin)
        {
            return new MemberScope(caller.UserId, UserRoles.Admin, null, false);
        }

        var view = caller.UserId == State.Id && State.IsActive
            ? State.ToView()
            : await GrainFactory.GetGrain<IUserGrain>(caller.UserId).Get();
        return view?.Scope ?? new MemberScope(caller.UserId, string.Empty, null, false); // no stored user: reaches nobody else
    }

    private HuuException NotFound() => HuuException.NotFound($"User with id {this.GetPrimaryKeyLong()} does not exist.");

    private bool IsRevoked(TokenFacts token)
    {
        if (State.Revoked.Any(r => r.Jti == token.Jti || (token.OriginJti is not null && r.Jti == token.OriginJti)))
        {
            return true;
        }

        // Token times have whole seconds: a token of another session issued in the sign-out's own second stays valid.
        return State.SignedOutAt is { } signedOut
            && token.IssuedAt < signedOut.AddTicks(-(signedOut.Ticks % TimeSpan.TicksPerSecond));
    }

    private ActivitySource Source => new(ActivitySource.User, this.GetPrimaryKeyLong());

    /// <summary>An event about this person (in their current org), by <paramref name="actorId"/>.</summary>
    private NewActivity Event(string type, long? actorId, string details) =>
        new(type, clock.GetUtcNow(), State.Id, actorId, State.HousingOrgId, details);

    /// <summary>Writes the changed state (and the person's row) with its event, if any, through the outbox.</summary>
    private async Task Changed(NewActivity? activity = null)
    {
        await Write(activity);
        await Notify();
    }

    /// <summary>The membership_changed event of a change from <paramref name="from"/> to <paramref name="to"/> (the person's org at the event is the new one).</summary>
    private NewActivity MembershipChanged(long actorId, long? from, long? to, bool lead) =>
        Event(ActivityTypes.MembershipChanged, actorId, ActivityOutbox.Details(("fromHousingOrgId", from), ("toHousingOrgId", to), ("lead", lead))) with { HousingOrgId = to };

    private async Task Write(NewActivity? activity = null)
    {
        State.UpdatedAt = clock.GetUtcNow();
        State.Version++;
        await outbox.Write(user, State, Source, activity is null ? [] : [activity], async () =>
        {
            await user.WriteStateAsync();
            await SyncPeopleRow();
        });
    }

    /// <summary>Tells the dashboard (the view of <paramref name="movedFrom"/> too, after a move) and the read caches.</summary>
    private async Task Notify(long? movedFrom = null)
    {
        if (movedFrom is { } from && State.IsActive)
        {
            await DashboardNotifications.UserMoved(GrainFactory, State.ToView(), DashboardViews.OrgOf(from), State.Version, logger);
        }
        else
        {
            await DashboardNotifications.UserChanged(GrainFactory, State.IsActive ? State.ToView() : null, State.Id, State.HousingOrgId, State.Version, logger);
        }

        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.User, State.Id, clock, logger);
    }

    private Task SyncPeopleRow() => SyncPeopleRow(State.ToView(), State.IsActive, State.Version);

    /// <summary>
    /// Writes the person's huu_people row. A failure fails nothing (the state write stands): the row stays as it was
    /// (a membership change's row stays marked moving, so nobody but admins reads the person meanwhile) and this
    /// activation ends, so the next call's activation writes the row again.
    /// </summary>
    private async Task SyncPeopleRow(UserView person, bool active, long version)
    {
        try
        {
            await people.Upsert(person, active, version);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not write the people row of user {UserId} (version {Version}): {Error}; the next activation repairs it", person.Id, version, e.GetType().Name);
            DeactivateOnIdle();
        }
    }
}
