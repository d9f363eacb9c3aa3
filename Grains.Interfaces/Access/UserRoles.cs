namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>The four roles, their fixed ids (API.md) and the Cognito groups that carry them.</summary>
public static class UserRoles
{
    public const string Admin = "admin";
    public const string Guest = "guest";
    public const string Host = "host";
    public const string Coordinator = "coordinator";

    public static IReadOnlyList<string> All { get; } = [Admin, Guest, Host, Coordinator];

    public static int IdOf(string role) => role switch
    {
        Admin => 1,
        Guest => 2,
        Host => 3,
        Coordinator => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    public static string GroupOf(string role) => role switch
    {
        Admin => "Admins",
        Guest => "Guests",
        Host => "Hosts",
        Coordinator => "Coordinators",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    public static string? FromGroup(string group) => group switch
    {
        "Admins" => Admin,
        "Guests" => Guest,
        "Hosts" => Host,
        "Coordinators" => Coordinator,
        _ => null,
    };
}
