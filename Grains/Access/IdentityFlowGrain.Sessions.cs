using static HomeUniteUs.Grains.Access.Cognito.CognitoErrorNames;
using static HomeUniteUs.Grains.Access.CognitoCalls;

namespace HomeUniteUs.Grains.Access;

/// <summary>The flows that only talk to Cognito and read the store: sign-in, sessions, passwords.</summary>
public sealed partial class IdentityFlowGrain
{
    public async Task<SignInOutcome> SignIn(string password)
    {
        await Recover();
        var answer = await Call(() => cognito.SignInAsync(Email, password), CognitoErrors.MapSignIn);
        if (answer.ChallengeName == AuthResponse.NewPasswordRequired)
        {
            return answer.ChallengeUserId is { } challengeUser && answer.Session is { } session
                ? new SignInOutcome(null, null, challengeUser, session)
                : throw new HuuException(ErrorKind.Failed, ErrorCodes.MalformedChallenge, "The identity service sent an incomplete password challenge");
        }

        return await Outcome(answer, refreshToken: null);
    }

    public async Task<SignInOutcome> AcceptInvite(string temporaryPassword)
    {
        var outcome = await SignIn(temporaryPassword);
        return outcome.ChallengeUserId is not null
            ? outcome
            : throw HuuException.Conflict("This invitation has already been accepted: please sign in");
    }

    public async Task<SignInOutcome> Refresh(string refreshToken, string? cognitoUsername)
    {
        // moto checks the secret hash against the username used at sign-in (the email); AWS wants cognito:username.
        AuthResponse? answer = null;
        var otherUsername = cognitoUsername is not null && cognitoUsername != Email;
        if (await Call(async () => { answer = await cognito.RefreshAsync(refreshToken, Email); }, CognitoErrors.MapRefresh, e => otherUsername && e.ErrorName == NotAuthorized) is not null)
        {
            answer = await Call(() => cognito.RefreshAsync(refreshToken, cognitoUsername!), CognitoErrors.MapRefresh);
        }

        return await Outcome(answer!, refreshToken);
    }

    public async Task<SignInOutcome> NewPassword(string password, string session)
    {
        var answer = await Call(() => cognito.RespondToNewPasswordChallengeAsync(Email, password, session), CognitoErrors.MapNewPassword);
        return await Outcome(answer, refreshToken: null);
    }

    public async Task<string?> ConfirmSignUp(string code)
    {
        var refusal = await Call(() => cognito.ConfirmSignUpAsync(Email, code), expected: CognitoErrors.IsRefusal);
        return refusal?.ErrorName;
    }

    public async Task ResendConfirmationCode()
    {
        await Recover();
        if (await ActiveUser() is null)
        {
            throw CognitoErrors.NoSuchUser();
        }

        await Call(() => cognito.ResendConfirmationCodeAsync(Email));
    }

    /// <summary>Same answer for unknown emails: the route must not reveal who has an account.</summary>
    public Task ForgotPassword() => Call(() => cognito.ForgotPasswordAsync(Email), expected: Named(UserNotFound));

    public Task ConfirmForgotPassword(string code, string password) =>
        Call(() => cognito.ConfirmForgotPasswordAsync(Email, code, password), CognitoErrors.MapConfirmForgotPassword);

    public async Task SignOut(string accessToken, TokenFacts token, long userId)
    {
        // Revoke in the store first: whatever Cognito answers, this token is refused from now on.
        // NotAuthorized: already revoked in Cognito.
        await Users(userId).SignOut(token);
        await Call(() => cognito.GlobalSignOutAsync(accessToken), expected: Named(NotAuthorized));
    }

    /// <summary>Tokens plus the stored user; an account Cognito knows but the store does not is AUTH005.</summary>
    private async Task<SignInOutcome> Outcome(AuthResponse answer, string? refreshToken)
    {
        var result = answer.AuthenticationResult
            ?? throw new HuuException(ErrorKind.Failed, ErrorCodes.CognitoOther, "The identity service returned no tokens");
        var user = await ActiveUser()
            ?? throw new HuuException(ErrorKind.NotFound, ErrorCodes.UserNotInStore, "This account is not registered with Home Unite Us");
        if (TokenClaims.Read(result.AccessToken, "sub") is { } sub && sub != State.Sub)
        {
            await GrainFactory.GetGrain<ISubjectGrain>(sub).Bind(user.Id, Email);
            State.Sub = sub;
            await flow.WriteStateAsync();
        }

        return new SignInOutcome(user, new AuthTokens(result.AccessToken, result.IdToken, result.RefreshToken ?? refreshToken, result.ExpiresIn), null, null);
    }
}
