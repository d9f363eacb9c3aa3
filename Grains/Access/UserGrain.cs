using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;

namespace HomeUniteUs.Grains.Access;

public sealed class UserGrain(
    [PersistentState(StateNames.User, StateNames.Store)] IPersistentState<UserState> user,
    PeopleTable people,
    TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IMayBeUnknown
{
    private UserState State => user.State;

    public bool IsUnknown => State.Status is null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Repairs the person's huu_people row after a write whose row update was lost (a crash, an outage).
        if (State.Status is not null)
        {
            await SyncPeopleRow();
        }
    }

    public Task ResyncPeopleRow() => State.Status is null ? Task.CompletedTask : SyncPeopleRow();

    public Task<UserView?> Get() => Task.FromResult(State.IsActive ? State.ToView() : null);

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
        if (!Reach.Includes(by, person))
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
            await EnsureFreeToMove(org);
        }

        // Hidden from every coordinator's activity until the new row is written (or repaired after a crash).
        await people.MarkMoving(State.Id);
        State.HousingOrgId = org;
        State.Lead = lead;
        await Changed();
        return State.ToView();
    }

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
        };
        await user.WriteStateAsync();
        await SyncPeopleRow();
        await DashboardNotifications.UserChanged(GrainFactory, null, State.Id, State.Version, logger);
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
            await Changed();
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
        await user.ClearStateAsync();

        // Keep the version so a late notification about the old user cannot resurrect it in a projection.
        user.State = new UserState { Id = this.GetPrimaryKeyLong(), Version = version };
        await SyncPeopleRow(deleted, active: false, version);
        await Reminders.ScheduleReminders.PersonDeleted(GrainFactory, deleted);
        await DashboardNotifications.UserChanged(GrainFactory, null, State.Id, version, logger);
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
    /// 409 while something holds the person in their org: an active match, a guest's case coordinated by
    /// a coordinator of another org than <paramref name="org"/>, a coordinator's cases in the org they leave.
    /// </summary>
    private async Task EnsureFreeToMove(long? org)
    {
        if (await Matches.MatchSlots.ActiveMatch(GrainFactory, State.Id) is { } match)
        {
            throw HuuException.Conflict($"This {State.Role} is in an active match: end match {match.Id} first", [$"match #{match.Id} ({match.Status})"]);
        }

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

    private async Task Changed()
    {
        State.UpdatedAt = clock.GetUtcNow();
        State.Version++;
        await user.WriteStateAsync();
        await SyncPeopleRow();
        await DashboardNotifications.UserChanged(GrainFactory, State.IsActive ? State.ToView() : null, State.Id, State.Version, logger);
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
            await people.Upsert(person.Id, person.Role, person.HousingOrgId, person.Lead, person.FullName, active, version);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not write the people row of user {UserId} (version {Version}): {Error}; the next activation repairs it", person.Id, version, e.GetType().Name);
            DeactivateOnIdle();
        }
    }
}
