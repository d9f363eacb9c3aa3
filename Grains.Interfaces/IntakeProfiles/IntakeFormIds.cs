namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>The form each role answers; other roles have no intake profile.</summary>
public static class IntakeFormIds
{
    public const int Guest = 1;
    public const int Host = 2;

    /// <summary>The form a user of this role answers, or null for roles without an intake profile.</summary>
    public static int? ForRole(string role) => role switch
    {
        UserRoles.Guest => Guest,
        UserRoles.Host => Host,
        _ => null,
    };
}
