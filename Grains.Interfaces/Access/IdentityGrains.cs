namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>
/// Names the identity grain of an email. Its key is the one place where an email is normalized
/// (trimmed, lower-case): invariant 2 (one account per email) depends on every caller using it.
/// </summary>
public static class IdentityGrains
{
    public static string Key(string email) => email.Trim().ToLowerInvariant();

    public static ICognitoGrain IdentityOf(this IGrainFactory grains, string email) => grains.GetGrain<ICognitoGrain>(Key(email));
}
