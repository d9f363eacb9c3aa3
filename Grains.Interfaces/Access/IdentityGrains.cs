namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>
/// Names the identity grain of an email. Its key is the one place where an email is normalized
/// (trimmed, lower-case): invariant 2 (one account per email) depends on every caller using it.
/// </summary>
public static class IdentityGrains
{
    public static string Key(string email) => email.Trim().ToLowerInvariant();

    public static ICognitoGrain IdentityOf(this IGrainFactory grains, string email) => grains.GetGrain<ICognitoGrain>(Key(email));

    /// <summary>The identity grain of a stored user, or null when there is no such user.</summary>
    public static async Task<ICognitoGrain?> IdentityOfUser(this IGrainFactory grains, long userId) =>
        await grains.GetGrain<IUserGrain>(userId).Get() is { } user ? grains.IdentityOf(user.Email) : null;

    /// <summary>
    /// The identity grain that answers a NEW_PASSWORD_REQUIRED challenge, whose user Cognito names by
    /// USER_ID_FOR_SRP: the email in pools with plain usernames, else the sub. A sub no stored user is
    /// bound to goes to a grain of its own, where Cognito refuses it as it refuses an unknown session:
    /// the answer does not tell which subs exist.
    /// </summary>
    public static async Task<ICognitoGrain> IdentityOfChallengeUser(this IGrainFactory grains, string challengeUser) =>
        challengeUser.Contains('@', StringComparison.Ordinal)
            ? grains.IdentityOf(challengeUser)
            : grains.IdentityOf((await grains.GetGrain<ISubjectGrain>(challengeUser).Get())?.Email ?? challengeUser);
}
