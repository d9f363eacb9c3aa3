namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>How a username (an email, or a sub) is written before it reaches Cognito.</summary>
public static class CognitoUsername
{
    /// <summary>An email's <see cref="HomeUniteUs.Grains.Interfaces.Access.Emails.Key"/> (a sub is unchanged by it).</summary>
    public static string Normalize(string username) => HomeUniteUs.Grains.Interfaces.Access.Emails.Key(username);
}
