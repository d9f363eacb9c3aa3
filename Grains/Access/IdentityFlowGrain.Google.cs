using static HomeUniteUs.Grains.Access.CognitoCalls;

namespace HomeUniteUs.Grains.Access;

/// <summary>
/// The Google flows of one person. Cognito creates the federated user (username <c>Google_…</c>) when the person
/// passes the hosted UI, before we see them; these flows decide whether it may stay. A Google sign-up is a pending
/// flow like <see cref="SignUp"/>: undone (store user, federated user) on failure and after a crash. Only accounts
/// whose email Cognito holds as verified get here (<see cref="GoogleSignInGrain"/>), and Google never reaches an
/// admin: the federated user of an admin's email is deleted before it is recorded or joins any group.
/// </summary>
public sealed partial class IdentityFlowGrain : IGoogleIdentityGrain
{
    private const int NameLength = 100;

    public async Task<SignInOutcome> GoogleSignIn(FederatedAccount account, AuthTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(tokens);
        await Recover();
        if (await ActiveUser() is not { } user)
        {
            // As the systems before: an unknown Google user does not stay in the pool.
            await DiscardFederatedAccount(account);
            throw new HuuException(ErrorKind.NotFound, ErrorCodes.UserNotFound, "No account for this Google user: sign up first");
        }

        await RefuseAdmin(account, user);
        if (State.FederatedUsername != account.Username)
        {
            State.FederatedUsername = account.Username;
            await flow.WriteStateAsync();
        }

        return await Outcome(await WithRoleGroup(account, tokens, user.Role), tokens.RefreshToken);
    }

    public async Task<SignInOutcome> GoogleSignUp(FederatedAccount account, AuthTokens tokens, string? role)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(tokens);
        await Recover();
        if (!MaySignUpAs(role) || CoordinatorSignUpClosed(role))
        {
            if (State.FederatedUsername != account.Username)
            {
                await DiscardFederatedAccount(account);
            }

            throw RoleRefused(role);
        }

        if (await ActiveUser() is { } existing)
        {
            await RefuseAdmin(account, existing);
            throw CognitoErrors.UserExists();
        }

        await Run(FlowKind.GoogleSignUp, CognitoErrors.Map, async userId =>
        {
            State.Pending!.CognitoUsername = account.Username;
            await Log.Remember(account.Sub);
            await Users(userId).Create(new NewUser(account.Email, FirstName(account), null, Name(account.FamilyName), role!, JoinEvent: ActivityTypes.SignedUp));
            CrashPoints.Reach(CrashPoints.GoogleSignUpAfterStore);
            await cognito.AdminAddFederatedUserToGroupAsync(account.Username, UserRoles.GroupOf(role!));
            State.FederatedUsername = account.Username;
            await Log.Complete(userId, account.Sub);
        });

        return await Outcome(await Refreshed(account, tokens), tokens.RefreshToken);
    }

    /// <summary>Self sign-up (by password or Google) is open to guests, hosts and coordinators.</summary>
    internal static bool MaySignUpAs(string? role) => role is UserRoles.Guest or UserRoles.Host or UserRoles.Coordinator;

    internal static HuuException RoleRefused(string? role) => new(ErrorKind.Forbidden, ErrorCodes.RoleNotAllowed, role switch
    {
        UserRoles.Admin => "You cannot sign up as an admin",
        // Only refused while HUU_COORDINATOR_SIGNUP is closed.
        UserRoles.Coordinator => "Coordinators join by invitation only: ask the lead of your housing org, or an admin, to invite you",
        _ => "You can sign up as a guest, a host or a coordinator only",
    });

    /// <summary>Admins sign in with their password only: the federated user of an admin's email is deleted (403).</summary>
    private async Task RefuseAdmin(FederatedAccount account, UserView user)
    {
        if (user.Role == UserRoles.Admin)
        {
            await DiscardFederatedAccount(account);
            throw new HuuException(ErrorKind.Forbidden, ErrorCodes.RoleNotAllowed, "An admin cannot sign in with Google");
        }
    }

    /// <summary>Deletion of the person also removes their federated user, if they have one.</summary>
    private async Task DeleteFederatedAccount()
    {
        if (State.FederatedUsername is { } username)
        {
            await DiscardFederatedAccount(new FederatedAccount(username, string.Empty, Email, null, null));
        }
    }

    private Task DiscardFederatedAccount(FederatedAccount account) => DiscardFederatedUser(cognito, account.Username);

    /// <summary>Deletes a federated Cognito user; one that is already gone is not an error.</summary>
    internal static Task DiscardFederatedUser(CognitoClient cognito, string username) =>
        Call(() => cognito.AdminDeleteFederatedUserAsync(username), expected: Named(CognitoErrorNames.UserNotFound));

    /// <summary>
    /// The federated user joins the group of the stored role, and its tokens are refreshed so that they carry it
    /// (the gateway checks <c>cognito:groups</c> against the store). Adding a member twice changes nothing.
    /// </summary>
    private async Task<AuthResponse> WithRoleGroup(FederatedAccount account, AuthTokens tokens, string role)
    {
        await Call(() => cognito.AdminAddFederatedUserToGroupAsync(account.Username, UserRoles.GroupOf(role)));
        return await Refreshed(account, tokens);
    }

    private async Task<AuthResponse> Refreshed(FederatedAccount account, AuthTokens tokens)
    {
        if (tokens.RefreshToken is not { } refreshToken)
        {
            return new AuthResponse(new AuthenticationResult(tokens.AccessToken, tokens.IdToken, null, tokens.ExpiresIn, "Bearer"), null, null, null);
        }

        return await Call(() => cognito.RefreshAsync(refreshToken, account.Username));
    }

    /// <summary>Google's given name, else the email's local part (a first name is required).</summary>
    private static string FirstName(FederatedAccount account) =>
        Name(account.GivenName) ?? Name(account.Email.Split('@')[0]) ?? account.Email;

    private static string? Name(string? value)
    {
        var text = new string((value ?? string.Empty).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return text.Length == 0 ? null : text[..Math.Min(text.Length, NameLength)].Trim();
    }
}
