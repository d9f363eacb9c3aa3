namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>A user as the store knows it.</summary>
[GenerateSerializer, Immutable]
public sealed record UserView(
    long Id,
    string Email,
    string FirstName,
    string? MiddleName,
    string? LastName,
    string Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>"First Last", as the dashboard shows a person.</summary>
    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}

/// <summary>What sign-up, invite and seeding store about a new user.</summary>
[GenerateSerializer, Immutable]
public sealed record NewUser(string Email, string FirstName, string? MiddleName, string? LastName, string Role);

/// <summary>The authenticated caller of a grain operation, as the gateway verified it.</summary>
[GenerateSerializer, Immutable]
public sealed record Caller(long UserId, string Role)
{
    public bool IsAdmin => Role == UserRoles.Admin;

    public bool IsCoordinator => Role == UserRoles.Coordinator;
}
