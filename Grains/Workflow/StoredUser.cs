using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// The fields of a stored user row (state name "user", written by the user grain) that the
/// dashboard reads when it rebuilds from storage; other fields of the row are ignored.
/// </summary>
public sealed class StoredUser
{
    public const string StateName = "user";
    public const string Active = "active";

    public long Id { get; set; }
    public string Email { get; set; } = string.Empty;
    public string FirstName { get; set; } = string.Empty;
    public string? MiddleName { get; set; }
    public string? LastName { get; set; }
    public string Role { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>The user as others see it, or null while pending.</summary>
    public UserView? ToView() =>
        Status == Active ? new UserView(Id, Email, FirstName, MiddleName, LastName, Role, CreatedAt, UpdatedAt) : null;
}
