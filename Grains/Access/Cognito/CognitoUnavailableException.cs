namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>
/// Cognito could not be reached or did not answer in time (connection refused, DNS, timeout, a gateway's 502/503/504):
/// callers answer 503. Deliberately not a <see cref="CognitoException"/>, so a catch of Cognito's own errors never hides it.
/// </summary>
public sealed class CognitoUnavailableException(string operation, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Operation { get; } = operation;
}
