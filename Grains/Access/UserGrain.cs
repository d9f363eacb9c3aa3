using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;

namespace HomeUniteUs.Grains.Access;

public sealed class UserGrain(
    [PersistentState(StateNames.User, StateNames.Store)] IPersistentState<UserState> user,
    TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IMayBeUnknown
{
    private UserState State => user.State;

    public bool IsUnknown => State.Status is null;

    public Task<UserView?> Get() => Task.FromResult(State.IsActive ? State.ToView() : null);

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
            Status = UserState.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            Version = State.Version + 1,
        };
        await user.WriteStateAsync();
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
        await user.ClearStateAsync();

        // Keep the version so a late notification about the old user cannot resurrect it in a projection.
        user.State = new UserState { Id = this.GetPrimaryKeyLong(), Version = version };
        await DashboardNotifications.UserChanged(GrainFactory, null, State.Id, version, logger);
        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.User, State.Id, logger);
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
    }

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
        await DashboardNotifications.UserChanged(GrainFactory, State.IsActive ? State.ToView() : null, State.Id, State.Version, logger);
        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.User, State.Id, logger);
    }
}
