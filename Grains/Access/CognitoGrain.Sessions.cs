using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.Grains.Access;

/// <summary>The flows that only talk to Cognito and read the store: sign-in, sessions, passwords.</summary>
public sealed partial class CognitoGrain
{
    public async Task<SignInOutcome> SignIn(string password)
    {
        await Recover();
        AuthResponse answer;
        try
        {
            answer = await cognito.SignInAsync(Email, password);
        }
        catch (Exception e)
        {
            throw CognitoErrors.MapSignIn(e);
        }

        if (answer.ChallengeName == AuthResponse.NewPasswordRequired)
        {
            return answer.ChallengeUserId is { } challengeUser && answer.Session is { } session
                ? new SignInOutcome(null, null, challengeUser, session)
                : throw new HuuException(500, ErrorCodes.MalformedChallenge, "The identity service sent an incomplete password challenge");
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
        catch (CognitoException e) when (e.ErrorName == "NotAuthorizedException" && cognitoUsername is not null && cognitoUsername != Email)
        {
            answer = await RefreshAs(refreshToken, cognitoUsername);
        }
        catch (CognitoException e) when (e.ErrorName == "NotAuthorizedException")
        {
            throw new HuuException(401, ErrorCodes.Unauthenticated, "Invalid refresh token");
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }

        return await Outcome(answer, refreshToken);
    }

    public async Task<SignInOutcome> NewPassword(string password, string session)
    {
        AuthResponse answer;
        try
        {
            answer = await cognito.RespondToNewPasswordChallengeAsync(Email, password, session);
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }

        return await Outcome(answer, refreshToken: null);
    }

    public async Task ConfirmSignUp(string code)
    {
        try
        {
            await cognito.ConfirmSignUpAsync(Email, code);
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }
    }

    public async Task ResendConfirmationCode()
    {
        await Recover();
        if (await ActiveUser() is null)
        {
            throw new HuuException(404, ErrorCodes.UserNotFound, "User not found");
        }

        try
        {
            await cognito.ResendConfirmationCodeAsync(Email);
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }
    }

    public async Task ForgotPassword()
    {
        try
        {
            await cognito.ForgotPasswordAsync(Email);
        }
        catch (CognitoException e) when (e.ErrorName == "UserNotFoundException")
        {
            // Same answer for unknown emails: the route must not reveal who has an account.
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }
    }

    public async Task ConfirmForgotPassword(string code, string password)
    {
        try
        {
            await cognito.ConfirmForgotPasswordAsync(Email, code, password);
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }
    }

    public async Task SignOut(string accessToken, TokenFacts token, long userId)
    {
        // Revoke in the store first: whatever Cognito answers, this token is refused from now on.
        await Users(userId).SignOut(token);
        try
        {
            await cognito.GlobalSignOutAsync(accessToken);
        }
        catch (CognitoException e) when (e.ErrorName == "NotAuthorizedException")
        {
            // Already revoked in Cognito.
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }
    }

    private async Task<AuthResponse> RefreshAs(string refreshToken, string cognitoUsername)
    {
        try
        {
            return await cognito.RefreshAsync(refreshToken, cognitoUsername);
        }
        catch (CognitoException e) when (e.ErrorName == "NotAuthorizedException")
        {
            throw new HuuException(401, ErrorCodes.Unauthenticated, "Invalid refresh token");
        }
        catch (Exception e)
        {
            throw CognitoErrors.Map(e);
        }
    }

    /// <summary>Tokens plus the stored user; an account Cognito knows but the store does not is AUTH005.</summary>
    private async Task<SignInOutcome> Outcome(AuthResponse answer, string? refreshToken)
    {
        var result = answer.AuthenticationResult
            ?? throw new HuuException(500, ErrorCodes.CognitoOther, "The identity service returned no tokens");
        var user = await ActiveUser()
            ?? throw new HuuException(404, ErrorCodes.UserNotInStore, "This account is not registered with Home Unite Us");
        if (TokenClaims.Read(result.AccessToken, "sub") is { } sub && sub != State.Sub)
        {
            await GrainFactory.GetGrain<ISubjectGrain>(sub).Bind(user.Id, Email);
            State.Sub = sub;
            await flow.WriteStateAsync();
        }

        return new SignInOutcome(user, new AuthTokens(result.AccessToken, result.IdToken, result.RefreshToken ?? refreshToken, result.ExpiresIn), null, null);
    }
}
