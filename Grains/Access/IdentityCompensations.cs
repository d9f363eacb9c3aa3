namespace HomeUniteUs.Grains.Access;

/// <summary>
/// What an identity flow touches outside its own log, as the <see cref="CompensationLog"/> needs it:
/// the store's user, case and subject binding, and the Cognito account of the person.
/// </summary>
public interface IIdentityCompensations
{
    Task ActivateUser(long userId);

    Task DeleteUser(long userId);

    Task DeleteCase(long userId);

    Task Bind(string sub, long userId);

    Task Unbind(string sub);

    /// <summary>
    /// Deletes the person's Cognito account; one that does not exist is no error. Cognito refusing or out of reach is
    /// a <see cref="HuuException"/> (see <see cref="CognitoCalls"/>): the flow stays pending and is retried.
    /// </summary>
    Task DeleteCognitoAccount();
}
