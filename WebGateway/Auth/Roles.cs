namespace HomeUniteUs.WebGateway.Auth;

/// <summary>Role names and the Cognito groups that carry them.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Guest = "guest";
    public const string Host = "host";
    public const string Coordinator = "coordinator";

    public static string? FromGroup(string group) => group switch
    {
        "Admins" => Admin,
        "Hosts" => Host,
        "Coordinators" => Coordinator,
        "Guests" => Guest,
        _ => null,
    };
}

/// <summary>The authorization policies the endpoints use.</summary>
public static class Policies
{
    public const string AnyUser = "any";
    public const string Admin = "admin";
    public const string CoordinatorOrAdmin = "coordinator-or-admin";
}
