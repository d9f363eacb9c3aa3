using static HomeUniteUs.Grains.Access.Cognito.CognitoErrorNames;

namespace HomeUniteUs.Grains.Access;

/// <summary>
/// Cognito's exception names → API.md's codes. Cognito's own message is passed on only where it is written
/// for people. Every error a caller can cause is a 4xx; where the answer would tell whether an email has an
/// account (and API.md does not say it must), unknown and known emails get the same answer.
/// </summary>
public static class CognitoErrors
{
    /// <summary>What a wrong reset code answers; an unknown email gets exactly this answer too.</summary>
    public const string WrongCodeMessage = "Invalid verification code provided, please try again.";

    /// <summary>What a session that Cognito does not know (or no longer knows) answers at new-password.</summary>
    public const string InvalidSessionMessage = "The password session is invalid or has expired: follow the invitation link again";

    public static HuuException Map(Exception exception) => exception switch
    {
        HuuException domain => domain,
        CognitoUnavailableException => HuuException.Unavailable("The identity service is unavailable, please retry shortly"),
        CognitoException cognito => Map(cognito),
        _ => new HuuException(ErrorKind.Failed, ErrorCodes.CognitoOther, "The identity service failed"),
    };

    public static HuuException Map(CognitoException e) => e.ErrorName switch
    {
        LimitExceeded or TooManyRequests or TooManyFailedAttempts =>
            new HuuException(ErrorKind.RateLimited, ErrorCodes.RateLimited, "Too many attempts, please wait a moment and try again"),
        UsernameExists or AliasExists => UserExists(),
        UserNotFound => NoSuchUser(),
        UserNotConfirmed => new HuuException(ErrorKind.Rejected, ErrorCodes.UserNotConfirmed, "Please confirm your email before signing in"),
        InvalidParameter when e.Message.Contains("email", StringComparison.OrdinalIgnoreCase) =>
            new HuuException(ErrorKind.Rejected, ErrorCodes.InvalidEmail, "The email address is not valid"),

        // A pool or app client that does not exist is this service's misconfiguration, not the caller's mistake
        // (the flows a caller can send into ResourceNotFoundException map it themselves, below).
        InternalError or UnknownError or ResourceNotFound =>
            new HuuException(ErrorKind.Failed, ErrorCodes.CognitoOther, "The identity service failed, please try again later"),
        var name => PassedThrough(name, e.Message),
    };

    /// <summary>Sign-in answers: wrong password is AUTH001 with a message that does not say which part was wrong.</summary>
    public static HuuException MapSignIn(Exception exception) => exception switch
    {
        CognitoException { ErrorName: NotAuthorized } =>
            new HuuException(ErrorKind.Unauthenticated, ErrorCodes.WrongCredentials, "Incorrect email or password"),
        _ => Map(exception),
    };

    /// <summary>Sign-up answers: a password the pool's policy refuses says "Failed to create user".</summary>
    public static HuuException MapSignUp(Exception exception) => exception switch
    {
        CognitoException { ErrorName: InvalidPassword or InvalidParameter } cognito
            when !cognito.Message.Contains("email", StringComparison.OrdinalIgnoreCase) =>
            new HuuException(ErrorKind.Rejected, "COGNITO_" + cognito.ErrorName, "Failed to create user: " + cognito.Message),
        _ => Map(exception),
    };

    /// <summary>Refreshing a session: a refresh token Cognito refuses is 401, not the caller's 400.</summary>
    public static HuuException MapRefresh(Exception exception) => exception switch
    {
        CognitoException { ErrorName: NotAuthorized } => new HuuException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, "Invalid refresh token"),
        _ => Map(exception),
    };

    /// <summary>The Google callback's code exchange: a code the token endpoint refuses is the caller's 400 OAUTH_INVALID_CODE.</summary>
    public static HuuException MapCodeExchange(Exception exception) => exception switch
    {
        OAuthCodeRefusedException => new HuuException(
            ErrorKind.Rejected, ErrorCodes.OAuthInvalidCode, "The Google sign-in code is invalid, expired or already used: please try again"),
        _ => Map(exception),
    };

    /// <summary>
    /// Confirming a password reset: an unknown email (Cognito: UserNotFoundException; moto: ResourceNotFoundException
    /// naming the app client), a wrong code and an expired code all answer as a wrong code does, so the route
    /// does not tell which emails have accounts.
    /// </summary>
    public static HuuException MapConfirmForgotPassword(Exception exception) => exception switch
    {
        CognitoException { ErrorName: UserNotFound or ResourceNotFound or CodeMismatch or ExpiredCode } => WrongCode(),
        _ => Map(exception),
    };

    /// <summary>Answering the password challenge: a session Cognito does not know is the caller's mistake, 400.</summary>
    public static HuuException MapNewPassword(Exception exception) => exception switch
    {
        CognitoException { ErrorName: ResourceNotFound or UserNotFound } => InvalidSession(),
        _ => Map(exception),
    };

    /// <summary>An error the caller caused (a 400 or 404 in <see cref="Map(CognitoException)"/>), as opposed to an outage or a fault of ours.</summary>
    public static bool IsRefusal(CognitoException exception) => Map(exception).Kind is ErrorKind.Rejected or ErrorKind.NotFound;

    public static HuuException NoSuchUser() => new(ErrorKind.NotFound, ErrorCodes.UserNotFound, "User not found");

    public static HuuException UserExists() => new(ErrorKind.Rejected, ErrorCodes.UserExists, "A user with this email already exists");

    public static HuuException WrongCode() => PassedThrough(CodeMismatch, WrongCodeMessage);

    public static HuuException InvalidSession() => PassedThrough(NotAuthorized, InvalidSessionMessage);

    public static bool IsNamed(Exception exception, string name) => exception is CognitoException cognito && cognito.ErrorName == name;

    private static HuuException PassedThrough(string name, string message) =>
        new(ErrorKind.Rejected, "COGNITO_" + name, string.IsNullOrWhiteSpace(message) ? name : message);
}
