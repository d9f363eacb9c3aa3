namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>Cognito answered with an error: <see cref="ErrorName"/> is its exception name (e.g. UserNotFoundException).</summary>
public sealed class CognitoException(string operation, string errorName, string message, int httpStatus) : Exception(message)
{
    /// <summary>The Cognito operation that failed, e.g. SignUp.</summary>
    public string Operation { get; } = operation;

    /// <summary>The exception name without namespace or suffix, e.g. NotAuthorizedException.</summary>
    public string ErrorName { get; } = errorName;

    public int HttpStatus { get; } = httpStatus;
}
