using static HomeUniteUs.Grains.Access.Cognito.CognitoErrorNames;
using static HomeUniteUs.Grains.Access.CognitoCalls;

namespace HomeUniteUs.Grains.Access;

/// <summary>
/// One person's identity flows, one at a time (the grain is not reentrant, so racing
/// sign-ups of one email queue here). Flows that touch the store and Cognito record their
/// steps in a <see cref="CompensationLog"/> first; a failure undoes what was done, and a crash
/// or a refused rollback is finished by <see cref="Recover"/> on the next call or the silo's
/// sweep of pending flows. An activation that holds no user and no pending flow (an unknown
/// email at sign-in or forgot-password) deactivates right after the call: unknown emails cost
/// no memory. Its grain type and state names are the ones it had as <c>CognitoGrain</c>, so stored flows still load.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class IdentityFlowGrain(
    [PersistentState(StateNames.IdentityFlow, StateNames.Store)] IPersistentState<IdentityFlowState> flow,
    CognitoClient cognito,
    IdSequence ids,
    TimeProvider clock,
    HuuSettings settings,
    ILogger<IdentityFlowGrain> logger) : Grain, IIdentityFlowGrain, IMayBeUnknown, IIdentityCompensations
{
    /// <summary>The grain type it had as <c>CognitoGrain</c>: part of every stored grain id of this grain, never change it.</summary>
    public const string GrainTypeName = "cognito";

    private CompensationLog? log;

    private IdentityFlowState State => flow.State;

    private CompensationLog Log => log ??= new CompensationLog(flow, this, clock, logger);

    private string Email => this.GetPrimaryKeyString();

    public bool IsUnknown => State.UserId is null && State.Pending is null;

    public async Task<long?> UserId()
    {
        await Recover();
        return (await ActiveUser())?.Id;
    }

    public async Task SignUp(SignUpCommand command)
    {
        if (!MaySignUpAs(command.Role) || CoordinatorSignUpClosed(command.Role))
        {
            throw RoleRefused(command.Role);
        }

        if (command.HousingOrgId is not null && command.Role == UserRoles.Coordinator)
        {
            // Nobody grants themselves reach: a coordinator joins an org through its lead or an admin.
            throw new HuuException(ErrorKind.Forbidden, ErrorCodes.RoleNotAllowed, "A coordinator cannot sign up into a housing org");
        }

        await EnsureOrgExists(command.HousingOrgId);
        await EnsureNoAccount();
        await Run(FlowKind.SignUp, CognitoErrors.MapSignUp, async userId =>
        {
            await Users(userId).Create(new NewUser(command.Email, command.FirstName, command.MiddleName, command.LastName, command.Role, command.HousingOrgId, JoinEvent: ActivityTypes.SignedUp));
            CrashPoints.Reach(CrashPoints.SignUpAfterStore);
            var created = await cognito.SignUpAsync(Email, command.Password, Attributes(command.Email, command.FirstName, command.LastName));
            await Log.Remember(created.UserSub);
            CrashPoints.Reach(CrashPoints.SignUpAfterCognito);
            await cognito.AdminAddUserToGroupAsync(Email, UserRoles.GroupOf(command.Role));
            await Log.Complete(userId, created.UserSub);
        });
    }

    public async Task Invite(InviteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var inviter = command.InvitedBy.IsAdmin
            ? new MemberScope(command.InvitedBy.UserId, UserRoles.Admin, null, false)
            : (await Users(command.InvitedBy.UserId).Get())?.Scope ?? throw HuuException.Forbidden("Only coordinators and admins invite");
        var org = InviteRules.OrgOf(inviter, command.Role, command.HousingOrgId, command.NamesOrg);
        await EnsureOrgExists(org);
        await EnsureNoAccount();
        await Run(FlowKind.Invite, CognitoErrors.Map, async userId =>
        {
            await Users(userId).Create(new NewUser(
                command.Email, command.FirstName, command.MiddleName, command.LastName, command.Role, org, JoinEvent: ActivityTypes.Invited, InvitedBy: command.InvitedBy.UserId));
            if (command.Role == UserRoles.Guest)
            {
                await GrainFactory.GetGrain<IGuestCaseGrain>(userId).Open(command.InvitedBy.IsCoordinator ? command.InvitedBy.UserId : 0);
            }

            var attributes = Attributes(command.Email, command.FirstName, command.LastName).Append(new CognitoAttribute("email_verified", "true"));
            var created = await cognito.AdminCreateUserAsync(Email, TemporaryPasswords.New(), attributes);
            var sub = created.Attributes.ValueOf("sub") ?? created.Username;
            await Log.Remember(sub);
            CrashPoints.Reach(CrashPoints.InviteAfterCognito);
            await cognito.AdminAddUserToGroupAsync(Email, UserRoles.GroupOf(command.Role));
            await Log.Complete(userId, sub);
        });
    }

    public async Task Seed(NewUser user, string password)
    {
        await Recover();
        if (await ActiveUser() is { } existing)
        {
            // The store survived but moto may have been restarted: make sure the account is there too.
            if (!await CognitoAccountExists())
            {
                await Log.Complete(existing.Id, await CreateSeedAccount(existing.Role, password));
            }

            return;
        }

        await Run(FlowKind.Seed, CognitoErrors.Map, async userId =>
        {
            await Users(userId).Create(user);
            await Log.Complete(userId, await CreateSeedAccount(user.Role, password));
        });
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

        if (await Matches.MatchSlots.ActiveMatch(GrainFactory, user.Id) is { } match)
        {
            throw HuuException.Conflict($"This {user.Role} is in an active match: end match {match.Id} first", [$"match #{match.Id} ({match.Status})"]);
        }

        await Log.BeginDelete(user.Id);
        await Call(Log.FinishDelete);
    }

    /// <summary>422 naming <c>housingOrgId</c> when no org has this id.</summary>
    private async Task EnsureOrgExists(long? housingOrgId)
    {
        if (housingOrgId is { } id && await GrainFactory.GetGrain<Interfaces.HousingOrgs.IHousingOrgRegistryGrain>(0).Get(id) is null)
        {
            throw HuuException.Validation(new FieldError("housingOrgId", $"No housing org has the id {id}"));
        }
    }

    /// <summary>HUU_COORDINATOR_SIGNUP=closed: coordinators come only by invite (password and Google sign-up alike).</summary>
    private bool CoordinatorSignUpClosed(string? role) => role == UserRoles.Coordinator && !settings.CoordinatorSignUpOpen;

    /// <summary>Finishes or undoes a flow a crash interrupted (or whose rollback Cognito refused). Safe to call at any time.</summary>
    public async Task Recover()
    {
        if (!await Call(Log.Recover))
        {
            throw HuuException.Unavailable("The identity service is unavailable, please retry shortly");
        }
    }

    Task IIdentityCompensations.ActivateUser(long userId) => Users(userId).Activate();

    Task IIdentityCompensations.DeleteUser(long userId) => Users(userId).Delete();

    Task IIdentityCompensations.DeleteCase(long userId) => GrainFactory.GetGrain<IGuestCaseGrain>(userId).Delete();

    Task IIdentityCompensations.Bind(string sub, long userId) => GrainFactory.GetGrain<ISubjectGrain>(sub).Bind(userId, Email);

    Task IIdentityCompensations.Unbind(string sub) => GrainFactory.GetGrain<ISubjectGrain>(sub).Unbind();

    async Task IIdentityCompensations.DeleteCognitoAccount()
    {
        if (Log.Pending is { Kind: not FlowKind.Delete, CognitoUsername: { } federated })
        {
            // A Google sign-up created no account named by the email: its federated user is the one to remove.
            await DiscardFederatedUser(cognito, federated);
            return;
        }

        await DeleteFederatedAccount();
        await Call(() => cognito.AdminDeleteUserAsync(Email), expected: Named(UserNotFound));
    }

    private async Task EnsureNoAccount()
    {
        await Recover();
        if (await ActiveUser() is not null)
        {
            throw CognitoErrors.UserExists();
        }
    }

    /// <summary>A flow that creates a user: its id is allocated and logged first; any failure undoes what it did.</summary>
    private async Task Run(FlowKind kind, Func<Exception, HuuException> map, Func<long, Task> steps)
    {
        var userId = await ids.Next(IdSequence.Users);
        await Log.Begin(kind, Email, userId);
        await Call(() => steps(userId), map, undo: Log.Undo);
    }

    private async Task<string> CreateSeedAccount(string role, string password)
    {
        await Call(
            () => cognito.AdminCreateUserAsync(Email, password, [new CognitoAttribute("email", Email), new CognitoAttribute("email_verified", "true")], CognitoMessageAction.Suppress),
            expected: Named(UsernameExists));
        await Call(() => cognito.AdminSetUserPasswordAsync(Email, password, permanent: true));
        await Call(() => cognito.AdminAddUserToGroupAsync(Email, UserRoles.GroupOf(role)));
        var account = await Call(() => cognito.AdminGetUserAsync(Email));
        var sub = account.UserAttributes.ValueOf("sub") ?? account.Username;
        if (Log.Pending is not null)
        {
            await Log.Remember(sub);
        }

        return sub;
    }

    private async Task<bool> CognitoAccountExists() =>
        await Call(() => cognito.AdminGetUserAsync(Email), expected: Named(UserNotFound)) is null;

    private async Task<UserView?> ActiveUser() =>
        State.UserId is { } id ? await Users(id).Get() : null;

    private IUserGrain Users(long id) => GrainFactory.GetGrain<IUserGrain>(id);

    private static List<CognitoAttribute> Attributes(string email, string firstName, string? lastName)
    {
        var attributes = new List<CognitoAttribute> { new("email", CognitoUsername.Normalize(email)), new("given_name", firstName) };
        if (!string.IsNullOrWhiteSpace(lastName))
        {
            attributes.Add(new CognitoAttribute("family_name", lastName));
        }

        return attributes;
    }
}
