namespace HomeUniteUs.Grains.Access;

/// <summary>
/// The compensation log of one person's identity flows (the <see cref="IdentityFlowState"/> row): a flow
/// records what it is about to touch before touching it (<see cref="Begin"/>, <see cref="Remember"/>),
/// clears the record when it is done (<see cref="Complete"/>), and otherwise is rolled back
/// (<see cref="Undo"/>) now or, after a crash or a refused rollback, later (<see cref="Recover"/>).
/// </summary>
public sealed class CompensationLog(IPersistentState<IdentityFlowState> flow, IIdentityCompensations store, TimeProvider clock, ILogger logger)
{
    private IdentityFlowState State => flow.State;

    public PendingFlow? Pending => State.Pending;

    /// <summary>Records a new flow for <paramref name="userId"/> before anything is touched.</summary>
    public async Task Begin(FlowKind kind, string email, long userId)
    {
        State.Email = email;
        State.Pending = new PendingFlow { Kind = kind, UserId = userId, StartedAt = clock.GetUtcNow() };
        await flow.WriteStateAsync();
    }

    /// <summary>Records the deletion of the bound user before anything is deleted.</summary>
    public async Task BeginDelete(long userId)
    {
        State.Pending = new PendingFlow { Kind = FlowKind.Delete, UserId = userId, Sub = State.Sub, StartedAt = clock.GetUtcNow() };
        await flow.WriteStateAsync();
    }

    /// <summary>Records the Cognito account the flow created (by its sub).</summary>
    public async Task Remember(string sub)
    {
        State.Pending!.Sub = sub;
        await flow.WriteStateAsync();
    }

    /// <summary>The flow succeeded: the user is active, bound to its sub and to this email.</summary>
    public async Task Complete(long userId, string sub)
    {
        await store.ActivateUser(userId);
        await store.Bind(sub, userId);
        State.UserId = userId;
        State.Sub = sub;
        State.Pending = null;
        await flow.WriteStateAsync();
    }

    /// <summary>
    /// Rolls back the pending flow: the store user (and an invite's case) and the Cognito account it created.
    /// When Cognito cannot be reached the flow stays pending (false) and is retried later.
    /// </summary>
    public async Task<bool> Undo(Exception? cause)
    {
        if (State.Pending is not { } pending)
        {
            return true;
        }

        if (cause is not null && CognitoErrors.IsNamed(cause, CognitoErrorNames.UsernameExists))
        {
            // The account belongs to someone the store does not know: never delete it.
            pending.OwnsCognitoAccount = false;
        }

        if (pending.Kind == FlowKind.Invite)
        {
            await store.DeleteCase(pending.UserId);
        }

        await store.DeleteUser(pending.UserId);
        if (pending.OwnsCognitoAccount)
        {
            try
            {
                await store.DeleteCognitoAccount();
            }
            catch (HuuException e)
            {
                logger.LogWarning("Could not remove the Cognito account of an undone {Flow}; will retry: {Error}", pending.Kind.Name(), e.Code);
                await flow.WriteStateAsync();
                return false;
            }
        }

        if (pending.Sub is not null)
        {
            await store.Unbind(pending.Sub);
        }

        State.Pending = null;
        await flow.WriteStateAsync();
        return true;
    }

    /// <summary>Deletes the user the pending delete names, from Cognito first, then the store.</summary>
    public async Task FinishDelete()
    {
        var pending = State.Pending!;
        await store.DeleteCognitoAccount();
        await store.DeleteCase(pending.UserId);
        await store.DeleteUser(pending.UserId);
        if (pending.Sub is not null)
        {
            await store.Unbind(pending.Sub);
        }

        State.UserId = null;
        State.Sub = null;
        State.FederatedUsername = null;
        State.Pending = null;
        await flow.WriteStateAsync();
    }

    /// <summary>Finishes a pending delete or undoes any other pending flow; false when it is still pending.</summary>
    public async Task<bool> Recover()
    {
        if (State.Pending is not { } pending)
        {
            return true;
        }

        logger.LogWarning("Recovering an interrupted {Flow} flow for user {UserId}", pending.Kind.Name(), pending.UserId);
        Telemetry.HuuMetrics.FlowRecovered(pending.Kind.Name());
        if (pending.Kind == FlowKind.Delete)
        {
            await FinishDelete();
            return true;
        }

        return await Undo(null);
    }
}
