namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// The grain storage provider and the state names. Storage rows are keyed by state name,
/// not by grain class, so every grain class has its own name; never rename one.
/// </summary>
public static class StateNames
{
    public const string Store = "huu";
    public const string HousingOrg = "housingOrg";
    public const string User = "user";
    public const string CognitoSubject = "cognitoSubject";

    /// <summary>The identity flow grain's state; the value is the grain's name before it was renamed: stored rows keep it.</summary>
    public const string IdentityFlow = "cognitoFlow";

    public const string GuestCase = "guestCase";
    public const string Journey = "journey";
    public const string Match = "match";
    public const string MatchSlot = "matchSlot";
    public const string ScheduleReminder = "scheduleReminder";
}
