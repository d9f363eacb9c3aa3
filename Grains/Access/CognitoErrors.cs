using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.Grains.Access;

/// <summary>Cognito's exception names → API.md's codes. Cognito's own message is passed on only where it is written for people.</summary>
public static class CognitoErrors
{
    public static HuuException Map(Exception exception) => exception switch
    {
        HuuException domain => domain,
        CognitoUnavailableException => HuuException.Unavailable("The identity service is unavailable, please retry shortly"),
        CognitoException cognito => Map(cognito),
        _ => new HuuException(500, ErrorCodes.CognitoOther, "The identity service failed"),
    };

    public static HuuException Map(CognitoException e) => e.ErrorName switch
    {
        "LimitExceededException" or "TooManyRequestsException" or "TooManyFailedAttemptsException" =>
            new HuuException(429, ErrorCodes.RateLimited, "Too many attempts, please wait a moment and try again"),
        "UsernameExistsException" or "AliasExistsException" =>
            new HuuException(400, ErrorCodes.UserExists, "A user with this email already exists"),
        "UserNotFoundException" => new HuuException(404, ErrorCodes.UserNotFound, "User not found"),
        "UserNotConfirmedException" => new HuuException(400, ErrorCodes.UserNotConfirmed, "Please confirm your email before signing in"),
        "InvalidParameterException" when e.Message.Contains("email", StringComparison.OrdinalIgnoreCase) =>
            new HuuException(400, ErrorCodes.InvalidEmail, "The email address is not valid"),
        CognitoErrorReader.InternalError or CognitoErrorReader.UnknownError or "InternalErrorException" or "ResourceNotFoundException" =>
            new HuuException(500, ErrorCodes.CognitoOther, "The identity service failed, please try again later"),
        var name => new HuuException(400, "COGNITO_" + name, string.IsNullOrWhiteSpace(e.Message) ? name : e.Message),
    };

    /// <summary>Sign-in answers: wrong password is AUTH001 with a message that does not say which part was wrong.</summary>
    public static HuuException MapSignIn(Exception exception) => exception switch
    {
        CognitoException { ErrorName: "NotAuthorizedException" } =>
            new HuuException(401, ErrorCodes.WrongCredentials, "Incorrect email or password"),
        _ => Map(exception),
    };

    /// <summary>Sign-up answers: a password the pool's policy refuses says "Failed to create user".</summary>
    public static HuuException MapSignUp(Exception exception) => exception switch
    {
        CognitoException { ErrorName: "InvalidPasswordException" or "InvalidParameterException" } cognito
            when !cognito.Message.Contains("email", StringComparison.OrdinalIgnoreCase) =>
            new HuuException(400, "COGNITO_" + cognito.ErrorName, "Failed to create user: " + cognito.Message),
        _ => Map(exception),
    };

    public static bool IsNamed(Exception exception, string name) => exception is CognitoException cognito && cognito.ErrorName == name;
}
