using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HomeUniteUs.Grains.Access;

/// <summary>
/// One person's identity flows, one at a time (the grain is not reentrant, so racing
/// sign-ups of one email queue here). Flows that touch the store and Cognito write a
/// <see cref="PendingFlow"/> first; a failure undoes what was done, and a crash is undone
/// by <see cref="Recover"/> on the next call or the silo's start-up sweep.
/// </summary>
public sealed partial class CognitoGrain(
    [PersistentState(StateNames.CognitoFlow, StateNames.Store)] IPersistentState<CognitoFlowState> flow,
    CognitoClient cognito,
    IdSequence ids,
    TimeProvider clock,
    ILogger<CognitoGrain> logger) : Grain, ICognitoGrain
{
    private CognitoFlowState State => flow.State;

    private string Email => this.GetPrimaryKeyString();

    public async Task<long?> UserId()
    {
        await Recover();
        return (await ActiveUser())?.Id;
    }

    public async Task SignUp(SignUpCommand command)
    {
        if (command.Role is not (UserRoles.Guest or UserRoles.Host or UserRoles.Coordinator))
        {
            throw new HuuException(403, ErrorCodes.RoleNotAllowed, "You cannot sign up as an admin");
        }

        await Recover();
        if (await ActiveUser() is not null)
        {
            throw new HuuException(400, ErrorCodes.UserExists, "A user with this email already exists");
        }

        var userId = await Begin(PendingFlow.SignUp);
        try
        {
            await Users(userId).Create(new NewUser(command.Email, command.FirstName, command.MiddleName, command.LastName, command.Role));
            CrashPoints.Reach(CrashPoints.SignUpAfterStore);
            var created = await cognito.SignUpAsync(Email, command.Password, Attributes(command.Email, command.FirstName, command.LastName));
            await Remember(sub: created.UserSub);
            CrashPoints.Reach(CrashPoints.SignUpAfterCognito);
            await cognito.AdminAddUserToGroupAsync(Email, UserRoles.GroupOf(command.Role));
            await Complete(userId, created.UserSub);
        }
        catch (Exception e)
        {
            await Undo(e);
            throw CognitoErrors.MapSignUp(e);
        }
    }

    public async Task Invite(InviteCommand command)
    {
        await Recover();
        if (await ActiveUser() is not null)
        {
            throw new HuuException(400, ErrorCodes.UserExists, "A user with this email already exists");
        }

        var userId = await Begin(PendingFlow.Invite);
        try
        {
            await Users(userId).Create(new NewUser(command.Email, command.FirstName, command.MiddleName, command.LastName, UserRoles.Guest));
            await GrainFactory.GetGrain<IGuestCaseGrain>(userId).Open(command.InvitedBy.IsCoordinator ? command.InvitedBy.UserId : 0);
            var attributes = Attributes(command.Email, command.FirstName, command.LastName).Append(new CognitoAttribute("email_verified", "true"));
            var created = await cognito.AdminCreateUserAsync(Email, TemporaryPasswords.New(), attributes);
            var sub = created.Attributes.ValueOf("sub") ?? created.Username;
            await Remember(sub: sub);
            CrashPoints.Reach(CrashPoints.InviteAfterCognito);
            await cognito.AdminAddUserToGroupAsync(Email, UserRoles.GroupOf(UserRoles.Guest));
            await Complete(userId, sub);
        }
        catch (Exception e)
        {
            await Undo(e);
            throw CognitoErrors.Map(e);
        }
    }

    public async Task Seed(NewUser user, string password)
    {
        await Recover();
        if (await ActiveUser() is { } existing)
        {
            // The store survived but moto may have been restarted: make sure the account is there too.
            if (!await CognitoAccountExists())
            {
                var sub = await CreateSeedAccount(existing.Role, password);
                await Complete(existing.Id, sub);
            }

            return;
        }

        var userId = await Begin(PendingFlow.Seed);
        try
        {
            await Users(userId).Create(user);
            var sub = await CreateSeedAccount(user.Role, password);
            await Complete(userId, sub);
        }
        catch (Exception e)
        {
            await Undo(e);
            throw CognitoErrors.Map(e);
        }
    }

    public async Task Delete()
    {
        await Recover();
        var user = await ActiveUser() ?? throw HuuException.NotFound("User not found");
        if (user.Role == UserRoles.Coordinator
            && await GrainFactory.GetGrain<ICoordinatorCaseloadGrain>(user.Id).OwnedCases() is { Count: > 0 } owned)
        {
            throw HuuException.Conflict($"This coordinator still owns {owned.Count} guest case(s): reassign them first", owned);
        }

        State.Pending = new PendingFlow { Kind = PendingFlow.Delete, UserId = user.Id, Sub = State.Sub, StartedAt = clock.GetUtcNow() };
        await flow.WriteStateAsync();
        await FinishDelete(State.Pending);
    }

    /// <summary>Finishes or undoes a flow a crash interrupted. Safe to call at any time.</summary>
    public async Task Recover()
    {
        if (State.Pending is not { } pending)
        {
            return;
        }

        logger.LogWarning("Recovering an interrupted {Flow} flow for user {UserId}", pending.Kind, pending.UserId);
        if (pending.Kind == PendingFlow.Delete)
        {
            await FinishDelete(pending);
            return;
        }

        await Undo(null);
        if (State.Pending is not null)
        {
            throw HuuException.Unavailable("The identity service is unavailable, please retry shortly");
        }
    }

    private async Task FinishDelete(PendingFlow pending)
    {
        try
        {
            await DeleteFederatedAccount();
            await cognito.AdminDeleteUserAsync(Email);
        }
        catch (CognitoException e) when (e.ErrorName == "UserNotFoundException")
        {
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }

        await GrainFactory.GetGrain<IGuestCaseGrain>(pending.UserId).Delete();
        await Users(pending.UserId).Delete();
        if (pending.Sub is not null)
        {
            await GrainFactory.GetGrain<ISubjectGrain>(pending.Sub).Unbind();
        }

        State.UserId = null;
        State.Sub = null;
        State.FederatedUsername = null;
        State.Pending = null;
        await flow.WriteStateAsync();
    }

    /// <summary>Allocates the new user's id and records the flow before anything is touched.</summary>
    private async Task<long> Begin(string kind)
    {
        var userId = await ids.Next(IdSequence.Users);
        State.Email = Email;
        State.Pending = new PendingFlow { Kind = kind, UserId = userId, StartedAt = clock.GetUtcNow() };
        await flow.WriteStateAsync();
        return userId;
    }

    private async Task Remember(string sub)
    {
        State.Pending!.Sub = sub;
        await flow.WriteStateAsync();
    }

    private async Task Complete(long userId, string sub)
    {
        await Users(userId).Activate();
        await GrainFactory.GetGrain<ISubjectGrain>(sub).Bind(userId, Email);
        State.UserId = userId;
        State.Sub = sub;
        State.Pending = null;
        await flow.WriteStateAsync();
    }

    /// <summary>
    /// Rolls back the pending flow: the store user (and an invite's case) and the Cognito account
    /// it created. When Cognito cannot be reached the flow stays pending and is retried later.
    /// </summary>
    private async Task Undo(Exception? cause)
    {
        if (State.Pending is not { } pending)
        {
            return;
        }

        if (cause is not null && CognitoErrors.IsNamed(cause, "UsernameExistsException"))
        {
            // The account belongs to someone the store does not know: never delete it.
            pending.OwnsCognitoAccount = false;
        }

        if (pending.Kind == PendingFlow.Invite)
        {
            await GrainFactory.GetGrain<IGuestCaseGrain>(pending.UserId).Delete();
        }

        await Users(pending.UserId).Delete();
        if (pending.OwnsCognitoAccount)
        {
            try
            {
                await DeleteCognitoAccount(pending);
            }
            catch (CognitoException e) when (e.ErrorName == "UserNotFoundException")
            {
            }
            catch (Exception e) when (e is CognitoException or CognitoUnavailableException)
            {
                logger.LogWarning("Could not remove the Cognito account of an undone {Flow}; will retry: {Error}", pending.Kind, e.GetType().Name);
                await flow.WriteStateAsync();
                return;
            }
        }

        if (pending.Sub is not null)
        {
            await GrainFactory.GetGrain<ISubjectGrain>(pending.Sub).Unbind();
        }

        State.Pending = null;
        await flow.WriteStateAsync();
    }

    private async Task<string> CreateSeedAccount(string role, string password)
    {
        try
        {
            await cognito.AdminCreateUserAsync(Email, password, [new CognitoAttribute("email", Email), new CognitoAttribute("email_verified", "true")], CognitoMessageAction.Suppress);
        }
        catch (CognitoException e) when (e.ErrorName == "UsernameExistsException")
        {
        }

        await cognito.AdminSetUserPasswordAsync(Email, password, permanent: true);
        await cognito.AdminAddUserToGroupAsync(Email, UserRoles.GroupOf(role));
        var account = await cognito.AdminGetUserAsync(Email);
        var sub = account.UserAttributes.ValueOf("sub") ?? account.Username;
        if (State.Pending is not null)
        {
            await Remember(sub);
        }

        return sub;
    }

    private async Task<bool> CognitoAccountExists()
    {
        try
        {
            await cognito.AdminGetUserAsync(Email);
            return true;
        }
        catch (CognitoException e) when (e.ErrorName == "UserNotFoundException")
        {
            return false;
        }
    }

    private async Task<UserView?> ActiveUser() =>
        State.UserId is { } id ? await Users(id).Get() : null;

    private IUserGrain Users(long id) => GrainFactory.GetGrain<IUserGrain>(id);

    private static List<CognitoAttribute> Attributes(string email, string firstName, string? lastName)
    {
        var attributes = new List<CognitoAttribute> { new("email", email.Trim().ToLowerInvariant()), new("given_name", firstName) };
        if (!string.IsNullOrWhiteSpace(lastName))
        {
            attributes.Add(new CognitoAttribute("family_name", lastName));
        }

        return attributes;
    }
}
