using static HomeUniteUs.Grains.Access.Cognito.CognitoErrorNames;

namespace HomeUniteUs.Grains.Access;

/// <summary>The flows that only talk to Cognito and read the store: sign-in, sessions, passwords.</summary>
public sealed partial class CognitoGrain
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
        AuthResponse answer;
        try
        {
            // moto checks the secret hash against the username used at sign-in (the email); AWS wants cognito:username.
            answer = await cognito.RefreshAsync(refreshToken, Email);
        }
        catch (CognitoException e) when (e.ErrorName == NotAuthorized && cognitoUsername is not null && cognitoUsername != Email)
        {
            answer = await Call(() => cognito.RefreshAsync(refreshToken, cognitoUsername), MapRefresh);
        }
        catch (Exception e) when (e is not HuuException)
        {
            throw MapRefresh(e);
        }

        return await Outcome(answer, refreshToken);
    }

    public async Task<SignInOutcome> NewPassword(string password, string session)
    {
        var answer = await Call(() => cognito.RespondToNewPasswordChallengeAsync(Email, password, session), CognitoErrors.MapNewPassword);
        return await Outcome(answer, refreshToken: null);
    }

    public async Task<string?> ConfirmSignUp(string code)
    {
        try
        {
            await cognito.ConfirmSignUpAsync(Email, code);
            return null;
        }
        catch (CognitoException e) when (CognitoErrors.Map(e).Kind is ErrorKind.Rejected or ErrorKind.NotFound)
        {
            return e.ErrorName;
        }
        catch (Exception e) when (e is not HuuException)
        {
            throw CognitoErrors.Map(e);
        }
    }

    public async Task ResendConfirmationCode()
    {
        await Recover();
        if (await ActiveUser() is null)
        {
            throw new HuuException(ErrorKind.NotFound, ErrorCodes.UserNotFound, "User not found");
        }

        await Call(() => cognito.ResendConfirmationCodeAsync(Email));
    }

    /// <summary>Same answer for unknown emails: the route must not reveal who has an account.</summary>
    public Task ForgotPassword() => Call(() => cognito.ForgotPasswordAsync(Email), ignore: UserNotFound);

    public Task ConfirmForgotPassword(string code, string password) =>
        Call(() => cognito.ConfirmForgotPasswordAsync(Email, code, password), CognitoErrors.MapConfirmForgotPassword);

    public async Task SignOut(string accessToken, TokenFacts token, long userId)
    {
        // Revoke in the store first: whatever Cognito answers, this token is refused from now on.
        // NotAuthorized: already revoked in Cognito.
        await Users(userId).SignOut(token);
        await Call(() => cognito.GlobalSignOutAsync(accessToken), ignore: NotAuthorized);
    }

    private static HuuException MapRefresh(Exception exception) => exception is CognitoException { ErrorName: NotAuthorized }
        ? new HuuException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, "Invalid refresh token")
        : CognitoErrors.Map(exception);

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
