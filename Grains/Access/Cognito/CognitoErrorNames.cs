namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>The names Cognito gives its errors (<c>__type</c>), as far as this service reacts to them.</summary>
public static class CognitoErrorNames
{
    public const string UserNotFound = "UserNotFoundException";
    public const string UsernameExists = "UsernameExistsException";
    public const string AliasExists = "AliasExistsException";
    public const string NotAuthorized = "NotAuthorizedException";
    public const string UserNotConfirmed = "UserNotConfirmedException";
    public const string InvalidParameter = "InvalidParameterException";
    public const string InvalidPassword = "InvalidPasswordException";
    public const string CodeMismatch = "CodeMismatchException";
    public const string ExpiredCode = "ExpiredCodeException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string LimitExceeded = "LimitExceededException";
    public const string TooManyRequests = "TooManyRequestsException";
    public const string TooManyFailedAttempts = "TooManyFailedAttemptsException";
    public const string GroupExists = "GroupExistsException";
    public const string InternalError = "InternalErrorException";

    /// <summary>The name given to a 4xx answer that names no error, or a 2xx answer whose body cannot be read.</summary>
    public const string UnknownError = "UnknownError";
}
