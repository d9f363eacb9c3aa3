namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>
/// Serializes every identity flow of one person, keyed by the normalized email (trimmed,
/// lower-case). A flow touching both the store and Cognito records its steps and compensates
/// on failure — and on the next activation if the silo died midway — so both agree.
/// </summary>
public interface IIdentityFlowGrain : IGrainWithStringKey
{
    /// <summary>Self sign-up (guest, host or coordinator): a pending store user, the Cognito account and its group.</summary>
    Task SignUp(SignUpCommand command);

    /// <summary>Confirms the email; null when confirmed, else the name of Cognito's refusal (the verification link's error page shows it).</summary>
    Task<string?> ConfirmSignUp(string code);

    Task ResendConfirmationCode();

    /// <summary>USER_PASSWORD_AUTH: tokens and the stored user, or the NEW_PASSWORD_REQUIRED challenge.</summary>
    Task<SignInOutcome> SignIn(string password);

    /// <summary>REFRESH_TOKEN_AUTH for the session routes.</summary>
    Task<SignInOutcome> Refresh(string refreshToken, string? cognitoUsername);

    /// <summary>
    /// The invite link: signs in with the temporary password and returns the NEW_PASSWORD_REQUIRED
    /// challenge; an invitation already accepted (the password was set) is a conflict.
    /// </summary>
    Task<SignInOutcome> AcceptInvite(string temporaryPassword);

    /// <summary>Answers NEW_PASSWORD_REQUIRED (the invite's temporary password) with a new one.</summary>
    Task<SignInOutcome> NewPassword(string password, string session);

    Task ForgotPassword();

    Task ConfirmForgotPassword(string code, string password);

    /// <summary>A coordinator or admin invites a guest: Cognito account with a temporary password, the guest user, and the guest's case.</summary>
    Task Invite(InviteCommand command);

    /// <summary>Revokes all of the caller's tokens in Cognito and in the store.</summary>
    Task SignOut(string accessToken, TokenFacts token, long userId);

    /// <summary>Removes the person from Cognito and the store.</summary>
    Task Delete();

    /// <summary>Development seeding: a confirmed account with a permanent password, idempotent.</summary>
    Task Seed(NewUser user, string password);

    /// <summary>The id of the store user bound to this email, or null.</summary>
    Task<long?> UserId();

    /// <summary>Finishes or undoes a flow that a crash interrupted (also done before every flow).</summary>
    Task Recover();
}

[GenerateSerializer, Immutable]
public sealed record SignUpCommand(string Email, string Password, string FirstName, string? MiddleName, string? LastName, string Role, long? HousingOrgId = null);

/// <summary>An invite; <paramref name="NamesOrg"/>: the request named <paramref name="HousingOrgId"/>, null included (see <c>InviteRules</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record InviteCommand(
    string Email, string FirstName, string? MiddleName, string? LastName, Caller InvitedBy, string Role = UserRoles.Guest, long? HousingOrgId = null, bool NamesOrg = false);

/// <summary>Tokens and user, or a challenge (<see cref="ChallengeUserId"/> and <see cref="Session"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record SignInOutcome(UserView? User, AuthTokens? Tokens, string? ChallengeUserId, string? Session);

[GenerateSerializer, Immutable]
public sealed record AuthTokens(string AccessToken, string IdToken, string? RefreshToken, int ExpiresIn);
