using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>Cognito's exception names → API.md's codes, including the ones moto never produces.</summary>
public sealed class CognitoErrorsTests
{
    private static CognitoException Cognito(string name, string message = "Cognito says so") => new("Op", name, message, 400);

    [Theory]
    [InlineData("LimitExceededException", 429, "AUTH008")]
    [InlineData("TooManyRequestsException", 429, "AUTH008")]
    [InlineData("UsernameExistsException", 400, "USER_EXISTS")]
    [InlineData("UserNotFoundException", 404, "AUTH002")]
    [InlineData("UserNotConfirmedException", 400, "AUTH003")]
    [InlineData("InternalErrorException", 500, "AUTH999")]
    [InlineData("UnknownError", 500, "AUTH999")]
    [InlineData("CodeMismatchException", 400, "COGNITO_CodeMismatchException")]
    [InlineData("ExpiredCodeException", 400, "COGNITO_ExpiredCodeException")]
    [InlineData("NotAuthorizedException", 400, "COGNITO_NotAuthorizedException")]
    public void Each_Cognito_error_has_its_code(string name, int status, string code)
    {
        var error = CognitoErrors.Map(Cognito(name));
        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void An_email_Cognito_refuses_is_AUTH009()
    {
        var error = CognitoErrors.Map(Cognito("InvalidParameterException", "Invalid email address format."));
        Assert.Equal((400, "AUTH009"), (error.Status, error.Code));
    }

    [Fact]
    public void Passed_through_errors_carry_Cognitos_message()
    {
        Assert.Equal("Invalid verification code provided, please try again.",
            CognitoErrors.Map(Cognito("CodeMismatchException", "Invalid verification code provided, please try again.")).Message);
    }

    [Fact]
    public void Sign_in_with_a_wrong_password_is_AUTH001_and_does_not_echo_Cognito()
    {
        var error = CognitoErrors.MapSignIn(Cognito("NotAuthorizedException", "secret-hash-value"));
        Assert.Equal((401, "AUTH001"), (error.Status, error.Code));
        Assert.DoesNotContain("secret-hash-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_password_at_sign_up_says_failed_to_create_user()
    {
        var error = CognitoErrors.MapSignUp(Cognito("InvalidPasswordException", "Password did not conform with policy"));
        Assert.Equal("COGNITO_InvalidPasswordException", error.Code);
        Assert.StartsWith("Failed to create user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_Cognito_is_503_and_anything_else_is_AUTH999()
    {
        Assert.Equal((503, ErrorCodes.ServiceUnavailable), (CognitoErrors.Map(new CognitoUnavailableException("Op", "down")).Status, CognitoErrors.Map(new CognitoUnavailableException("Op", "down")).Code));
        Assert.Equal(ErrorCodes.CognitoOther, CognitoErrors.Map(new InvalidOperationException("boom")).Code);
        Assert.DoesNotContain("boom", CognitoErrors.Map(new InvalidOperationException("boom")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UserNotFoundException", "User does not exist.")]
    [InlineData("ResourceNotFoundException", "c72015bb61a4492b8da2f4b228")]
    [InlineData("CodeMismatchException", "Invalid verification code provided, please try again.")]
    [InlineData("ExpiredCodeException", "Invalid code provided, please request a code again.")]
    public void Confirming_a_reset_answers_an_unknown_email_as_a_wrong_code(string name, string message)
    {
        var error = CognitoErrors.MapConfirmForgotPassword(Cognito(name, message));
        Assert.Equal((400, "COGNITO_CodeMismatchException", CognitoErrors.WrongCodeMessage), (error.Status, error.Code, error.Message));
    }

    [Theory]
    [InlineData("ResourceNotFoundException")]
    [InlineData("UserNotFoundException")]
    public void A_session_Cognito_does_not_know_is_the_callers_mistake(string name)
    {
        var error = CognitoErrors.MapNewPassword(Cognito(name, "garbage-session"));
        Assert.Equal((400, "COGNITO_NotAuthorizedException"), (error.Status, error.Code));
        Assert.DoesNotContain("garbage-session", error.Message, StringComparison.Ordinal);
    }
}
