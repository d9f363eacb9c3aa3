namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>A user as the store knows it; <see cref="HousingOrgId"/> null = unaffiliated, <see cref="Lead"/> only for a coordinator leading their org.</summary>
[GenerateSerializer, Immutable]
public sealed record UserView(
    long Id,
    string Email,
    string FirstName,
    string? MiddleName,
    string? LastName,
    string Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long? HousingOrgId = null,
    bool Lead = false)
{
    /// <summary>What reach needs of this user (<see cref="Reach"/>).</summary>
    public MemberScope Scope => new(Id, Role, HousingOrgId, Lead);

    /// <summary>"First Last", as the dashboard shows a person.</summary>
    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}

/// <summary>
/// What sign-up, invite and seeding store about a new user (the housing org: null = unaffiliated). <see cref="JoinEvent"/>
/// is the activity event its activation records (<c>signed_up</c>, <c>invited</c>; null: none, as for seeding), with
/// <see cref="InvitedBy"/> as an invite's actor.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NewUser(
    string Email,
    string FirstName,
    string? MiddleName,
    string? LastName,
    string Role,
    long? HousingOrgId = null,
    bool Lead = false,
    string? JoinEvent = null,
    long? InvitedBy = null);

/// <summary>The authenticated caller of a grain operation, as the gateway verified it.</summary>
[GenerateSerializer, Immutable]
public sealed record Caller(long UserId, string Role)
{
    public bool IsAdmin => Role == UserRoles.Admin;

    public bool IsCoordinator => Role == UserRoles.Coordinator;
}
