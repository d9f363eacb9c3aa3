namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>Names the identity grain of an email (keyed by <see cref="Emails.Key"/>), of a stored user, of a challenge.</summary>
public static class IdentityGrains
{
    public static IIdentityFlowGrain IdentityOf(this IGrainFactory grains, string email) => grains.GetGrain<IIdentityFlowGrain>(Emails.Key(email));

    /// <summary>The identity grain of a stored user, or null when there is no such user.</summary>
    public static async Task<IIdentityFlowGrain?> IdentityOfUser(this IGrainFactory grains, long userId) =>
        await grains.GetGrain<IUserGrain>(userId).Get() is { } user ? grains.IdentityOf(user.Email) : null;

    /// <summary>
    /// The identity grain that answers a NEW_PASSWORD_REQUIRED challenge, whose user Cognito names by
    /// USER_ID_FOR_SRP: the email in pools with plain usernames, else the sub. A sub no stored user is
    /// bound to goes to a grain of its own, where Cognito refuses it as it refuses an unknown session:
    /// the answer does not tell which subs exist.
    /// </summary>
    public static async Task<IIdentityFlowGrain> IdentityOfChallengeUser(this IGrainFactory grains, string challengeUser) =>
        challengeUser.Contains('@', StringComparison.Ordinal)
            ? grains.IdentityOf(challengeUser)
            : grains.IdentityOf((await grains.GetGrain<ISubjectGrain>(challengeUser).Get())?.Email ?? challengeUser);
}
