namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>
/// "Continue with Google": exchanges the hosted UI's authorization code (with the PKCE verifier of the browser that
/// started the flow) at Cognito's token endpoint, reads the federated user with GetUser, then hands the person to
/// their <see cref="IGoogleIdentityGrain"/> (keyed by <see cref="Emails.Key"/> of the email, the same
/// activation as <see cref="IIdentityFlowGrain"/>) — only when Cognito says the email is verified: an unverified one is
/// 403 EMAIL_NOT_VERIFIED and the federated user is deleted. Stateless; use key 0.
/// A refused code is 400 OAUTH_INVALID_CODE; an unreachable token endpoint 503; without COGNITO_ENDPOINT_URL 503.
/// </summary>
public interface IGoogleSignInGrain : IGrainWithIntegerKey
{
    /// <summary>Signs in the stored user whose email the Google account has; an unknown one is removed from Cognito (404 AUTH002).</summary>
    Task<SignInOutcome> SignIn(string code, string redirectUri, string codeVerifier);

    /// <summary>Signs up as <paramref name="role"/> (null: the callback named none); a role other than guest, host or coordinator is 403.</summary>
    Task<SignInOutcome> SignUp(string code, string redirectUri, string codeVerifier, string? role);
}

/// <summary>
/// The Google flows of one person, run in the person's identity grain (one at a time with sign-up, invite and
/// deletion of the same email). The federated Cognito user's username (e.g. <c>Google_1098…</c>) is not its email.
/// Only a <see cref="FederatedAccount"/> whose email Cognito holds as verified reaches these flows. Google never
/// reaches an admin: an email that belongs to an admin is 403 ROLE_NOT_ALLOWED and the federated user is deleted.
/// </summary>
public interface IGoogleIdentityGrain : IGrainWithStringKey
{
    /// <summary>Tokens for the stored user of this email; with none, the federated user is deleted and the answer is 404 AUTH002.</summary>
    Task<SignInOutcome> GoogleSignIn(FederatedAccount account, AuthTokens tokens);

    /// <summary>
    /// Creates the stored user from the Google attributes and adds the role's group, as a pending flow (undone on
    /// failure and after a crash). A refused role deletes the federated user (403); an existing account is 400 USER_EXISTS.
    /// </summary>
    Task<SignInOutcome> GoogleSignUp(FederatedAccount account, AuthTokens tokens, string? role);
}

/// <summary>A federated Cognito user as GetUser reads it, whose email Cognito holds as verified (trimmed, case as given).</summary>
[GenerateSerializer, Immutable]
public sealed record FederatedAccount(string Username, string Sub, string Email, string? GivenName, string? FamilyName);
