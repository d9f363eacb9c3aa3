using HomeUniteUs.Grains.Access.Cognito;

namespace HomeUniteUs.Tests.Integration.Cognito;

[Collection(CognitoMotoCollection.Name)]
public sealed class CognitoClientMotoTests(MotoServer moto)
{
    private const string Password = "Passw0rd!";
    private const string NewPassword = "N3w-Passw0rd!";

    private readonly CognitoClient cognito = moto.Client;

    private static string NewEmail() => $"Person.{Guid.NewGuid():N}@Example.com";

    private async Task<string> ConfirmedUserAsync(string? group = null)
    {
        var email = NewEmail();
        await cognito.SignUpAsync(email, Password, [new("given_name", "Ann"), new("family_name", "Bee")]);
        await cognito.ConfirmSignUpAsync(email, "any code");
        if (group is not null)
        {
            await cognito.AdminAddUserToGroupAsync(email, group);
        }

        return email;
    }

    [Fact]
    public async Task Sign_up_confirm_sign_in_refresh_and_global_sign_out_revokes_the_tokens()
    {
        var email = NewEmail();

        var signUp = await cognito.SignUpAsync(email, Password, [new("given_name", "Ann"), new("family_name", "Bee")]);
        Assert.False(signUp.UserConfirmed);
        Assert.False(string.IsNullOrEmpty(signUp.UserSub));

        await cognito.ConfirmSignUpAsync(email, "123456");
        var signIn = await cognito.SignInAsync(email, Password);
        var tokens = Assert.IsType<AuthenticationResult>(signIn.AuthenticationResult);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.True(tokens.ExpiresIn > 0);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));

        var user = await cognito.GetUserAsync(tokens.AccessToken);
        Assert.Equal(signUp.UserSub, user.Username);
        Assert.Equal(CognitoUsername.Normalize(email), user.UserAttributes.ValueOf("email"));
        Assert.Equal("Ann", user.UserAttributes.ValueOf("given_name"));

        // moto checks the refresh's SECRET_HASH against the username given at sign-in: the email.
        var refreshed = Assert.IsType<AuthenticationResult>((await cognito.RefreshAsync(tokens.RefreshToken!, email)).AuthenticationResult);
        Assert.Null(refreshed.RefreshToken);
        Assert.Equal(signUp.UserSub, (await cognito.GetUserAsync(refreshed.AccessToken)).Username);

        await cognito.GlobalSignOutAsync(tokens.AccessToken);

        var revoked = await Assert.ThrowsAsync<CognitoException>(() => cognito.GetUserAsync(tokens.AccessToken));
        Assert.Equal("NotAuthorizedException", revoked.ErrorName);
        var refreshRevoked = await Assert.ThrowsAsync<CognitoException>(() => cognito.RefreshAsync(tokens.RefreshToken!, email));
        Assert.Equal("NotAuthorizedException", refreshRevoked.ErrorName);
    }

    [Fact]
    public async Task Moto_refuses_a_refresh_whose_secret_hash_is_over_the_sub()
    {
        var email = await ConfirmedUserAsync();
        var tokens = (await cognito.SignInAsync(email, Password)).AuthenticationResult!;
        var sub = (await cognito.GetUserAsync(tokens.AccessToken)).Username;

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.RefreshAsync(tokens.RefreshToken!, sub));

        Assert.Equal("NotAuthorizedException", error.ErrorName);
    }

    [Fact]
    public async Task A_weak_password_is_InvalidPasswordException_and_leaves_no_user()
    {
        var email = NewEmail();

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.SignUpAsync(email, "weak", []));

        Assert.Equal("InvalidPasswordException", error.ErrorName);
        Assert.Equal(400, error.HttpStatus);
        var missing = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminGetUserAsync(email));
        Assert.Equal("UserNotFoundException", missing.ErrorName);
    }

    [Fact]
    public async Task Signing_up_an_existing_email_in_other_letter_case_is_UsernameExistsException()
    {
        var email = NewEmail();
        await cognito.SignUpAsync(email, Password, []);

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.SignUpAsync("  " + email.ToUpperInvariant(), Password, []));

        Assert.Equal("UsernameExistsException", error.ErrorName);
    }

    [Fact]
    public async Task Signing_in_before_confirming_is_UserNotConfirmedException()
    {
        var email = NewEmail();
        await cognito.SignUpAsync(email, Password, []);

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.SignInAsync(email, Password));

        Assert.Equal("UserNotConfirmedException", error.ErrorName);
    }

    [Fact]
    public async Task Signing_in_as_an_unknown_user_is_UserNotFoundException()
    {
        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.SignInAsync(NewEmail(), Password));

        Assert.Equal("UserNotFoundException", error.ErrorName);
    }

    [Fact]
    public async Task A_wrong_password_is_NotAuthorizedException()
    {
        var email = await ConfirmedUserAsync();

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.SignInAsync(email, "Wr0ng-password!"));

        Assert.Equal("NotAuthorizedException", error.ErrorName);
        Assert.Equal("Incorrect username or password.", error.Message);
    }

    [Fact]
    public async Task An_invited_user_answers_NEW_PASSWORD_REQUIRED_with_the_email_and_gets_tokens()
    {
        var email = NewEmail();
        var created = await cognito.AdminCreateUserAsync(
            email,
            "Temp-0rary!",
            [new("email", CognitoUsername.Normalize(email)), new("email_verified", "true"), new("given_name", "Guest")],
            CognitoMessageAction.Suppress);
        Assert.Equal("FORCE_CHANGE_PASSWORD", created.UserStatus);

        var challenge = await cognito.SignInAsync(email, "Temp-0rary!");

        Assert.Null(challenge.AuthenticationResult);
        Assert.Equal(AuthResponse.NewPasswordRequired, challenge.ChallengeName);
        Assert.Equal(created.Username, challenge.ChallengeUserId);
        Assert.False(string.IsNullOrEmpty(challenge.Session));

        var answered = await cognito.RespondToNewPasswordChallengeAsync(email, NewPassword, challenge.Session!);

        var tokens = Assert.IsType<AuthenticationResult>(answered.AuthenticationResult);
        Assert.Equal(CognitoUsername.Normalize(email), JwtPayload.Read(tokens.IdToken).Claims.GetProperty("email").GetString());
        Assert.NotNull((await cognito.SignInAsync(email, NewPassword)).AuthenticationResult);
        Assert.Equal("CONFIRMED", (await cognito.AdminGetUserAsync(email)).UserStatus);
    }

    [Fact]
    public async Task Forgot_password_code_from_motos_header_resets_the_password()
    {
        var email = await ConfirmedUserAsync();

        var forgot = await cognito.ForgotPasswordAsync(email);
        Assert.StartsWith("moto-confirmation-code:", forgot.MotoConfirmationCode, StringComparison.Ordinal);
        Assert.Equal("EMAIL", forgot.CodeDeliveryDetails?.DeliveryMedium);

        await cognito.ConfirmForgotPasswordAsync(email, forgot.MotoConfirmationCode!, NewPassword);

        Assert.NotNull((await cognito.SignInAsync(email, NewPassword)).AuthenticationResult);
        var old = await Assert.ThrowsAsync<CognitoException>(() => cognito.SignInAsync(email, Password));
        Assert.Equal("NotAuthorizedException", old.ErrorName);
    }

    [Fact]
    public async Task Moto_answers_a_wrong_reset_code_with_ExpiredCodeException_and_an_unknown_user_with_no_code()
    {
        var email = await ConfirmedUserAsync();
        await cognito.ForgotPasswordAsync(email);

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.ConfirmForgotPasswordAsync(email, "moto-confirmation-code:000000", NewPassword));

        Assert.Equal("ExpiredCodeException", error.ErrorName);
        Assert.Null((await cognito.ForgotPasswordAsync(NewEmail())).MotoConfirmationCode);
    }

    [Fact]
    public async Task Resend_confirmation_code_is_motos_HTML_500_mapped_to_InternalErrorException()
    {
        var email = NewEmail();
        await cognito.SignUpAsync(email, Password, []);

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.ResendConfirmationCodeAsync(email));

        Assert.Equal(CognitoErrorReader.InternalError, error.ErrorName);
        Assert.Equal(500, error.HttpStatus);
        Assert.DoesNotContain("<", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groups_exist_and_a_users_groups_reach_the_tokens()
    {
        var email = await ConfirmedUserAsync(group: "Hosts");

        Assert.Equal(MotoServer.Groups.Order(), (await cognito.ListGroupsAsync()).Select(group => group.GroupName).Order());
        Assert.Equal(["Hosts"], (await cognito.AdminListGroupsForUserAsync(email)).Select(group => group.GroupName));
        var tokens = (await cognito.SignInAsync(email, Password)).AuthenticationResult!;
        Assert.Equal("Hosts", JwtPayload.Read(tokens.AccessToken).Claims.GetProperty("cognito:groups")[0].GetString());
        Assert.Equal("Hosts", JwtPayload.Read(tokens.IdToken).Claims.GetProperty("cognito:groups")[0].GetString());
    }

    [Fact]
    public async Task A_user_seeded_by_admin_calls_signs_in_at_once()
    {
        var email = NewEmail();
        await cognito.AdminCreateUserAsync(email, "Temp-0rary!", [new("email", CognitoUsername.Normalize(email)), new("email_verified", "true")], CognitoMessageAction.Suppress);

        await cognito.AdminSetUserPasswordAsync(email, Password, permanent: true);

        Assert.NotNull((await cognito.SignInAsync(email, Password)).AuthenticationResult);
        var user = await cognito.AdminGetUserAsync(email);
        Assert.Equal("CONFIRMED", user.UserStatus);
        Assert.True(user.Enabled);
    }

    [Fact]
    public async Task Admin_confirm_sign_up_lets_a_signed_up_user_sign_in()
    {
        var email = NewEmail();
        await cognito.SignUpAsync(email, Password, []);

        await cognito.AdminConfirmSignUpAsync(email);

        Assert.NotNull((await cognito.SignInAsync(email, Password)).AuthenticationResult);
    }

    [Fact]
    public async Task A_deleted_user_is_gone()
    {
        var email = await ConfirmedUserAsync();

        await cognito.AdminDeleteUserAsync(email);

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminGetUserAsync(email));
        Assert.Equal("UserNotFoundException", error.ErrorName);
        var again = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminDeleteUserAsync(email));
        Assert.Equal("UserNotFoundException", again.ErrorName);
    }
}
