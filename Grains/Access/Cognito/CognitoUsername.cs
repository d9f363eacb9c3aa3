namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>How a username (an email, or a sub) is written before it reaches Cognito.</summary>
public static class CognitoUsername
{
    /// <summary>Trimmed and lower-cased: moto compares usernames case-sensitively, our users do not.</summary>
    public static string Normalize(string username) => HomeUniteUs.Grains.Interfaces.Access.IdentityGrains.Key(username);
}
