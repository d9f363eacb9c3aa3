using static HomeUniteUs.Grains.Access.CognitoCalls;

namespace HomeUniteUs.Grains.Access;

/// <summary>
/// The first half of "Continue with Google", before the person is known: the code exchange and GetUser. Stateless,
/// so any silo answers; the person's own grain then runs the flow one at a time with their other identity flows.
/// The email Cognito read from Google names that grain only when Cognito holds it as verified: an unverified email
/// is nobody's proof of owning an account, so its federated user is deleted here and reaches no person.
/// Reentrant: it holds nothing between awaits, so sign-ins wait for Cognito side by side rather than a silo's few
/// activations at a time (one worker key serves every sign-in).
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class GoogleSignInGrain(CognitoTokenEndpoint tokenEndpoint, CognitoClient cognito) : Grain, IGoogleSignInGrain
{
    public async Task<SignInOutcome> SignIn(string code, string redirectUri, string codeVerifier)
    {
        var (account, tokens) = await Exchange(code, redirectUri, codeVerifier);
        return await Person(account).GoogleSignIn(account, tokens);
    }

    public async Task<SignInOutcome> SignUp(string code, string redirectUri, string codeVerifier, string? role)
    {
        FederatedAccount account;
        AuthTokens tokens;
        try
        {
            (account, tokens) = await Exchange(code, redirectUri, codeVerifier);
        }
        catch (HuuException e) when (!IdentityFlowGrain.MaySignUpAs(role) && e.Code != ErrorCodes.ServiceUnavailable)
        {
            // Nothing to clean up: the role is refused whatever the code was.
            throw IdentityFlowGrain.RoleRefused(role);
        }

        return await Person(account).GoogleSignUp(account, tokens, role);
    }

    private IGoogleIdentityGrain Person(FederatedAccount account) =>
        GrainFactory.GetGrain<IGoogleIdentityGrain>(Emails.Key(account.Email));

    private async Task<(FederatedAccount, AuthTokens)> Exchange(string code, string redirectUri, string codeVerifier)
    {
        if (!tokenEndpoint.IsConfigured)
        {
            throw HuuException.Unavailable("Google sign-in is not configured");
        }

        var tokens = await Call(() => tokenEndpoint.ExchangeCodeAsync(code, redirectUri, codeVerifier), CognitoErrors.MapCodeExchange);
        var user = await Call(() => cognito.GetUserAsync(tokens.AccessToken));

        var email = user.UserAttributes.ValueOf("email");
        if (string.IsNullOrWhiteSpace(email))
        {
            // Nothing can ever reach it: the federated user goes, as for an unverified email.
            await IdentityFlowGrain.DiscardFederatedUser(cognito, user.Username);
            throw new HuuException(ErrorKind.Rejected, ErrorCodes.InvalidEmail, "The Google account has no email address");
        }

        // Exactly "true", as Cognito writes it: anything else (false, missing, another spelling) is not verified.
        if (user.UserAttributes.ValueOf("email_verified") != "true")
        {
            await IdentityFlowGrain.DiscardFederatedUser(cognito, user.Username);
            throw new HuuException(ErrorKind.Forbidden, ErrorCodes.EmailNotVerified, "The email address of this Google account is not verified");
        }

        var account = new FederatedAccount(
            user.Username,
            user.UserAttributes.ValueOf("sub") ?? user.Username,
            Emails.AsWritten(email),
            user.UserAttributes.ValueOf("given_name"),
            user.UserAttributes.ValueOf("family_name"));
        return (account, new AuthTokens(tokens.AccessToken, tokens.IdToken, tokens.RefreshToken, tokens.ExpiresIn));
    }
}
