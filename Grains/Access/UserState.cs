namespace HomeUniteUs.Grains.Access;

/// <summary>The stored state of one user (JSON in grain storage, state name "user").</summary>
public sealed class UserState : ActivityList.IStagesActivity
{
    public const string Pending = "pending";
    public const string Active = "active";

    public long Id { get; set; }
    public string Email { get; set; } = string.Empty;
    public string FirstName { get; set; } = string.Empty;
    public string? MiddleName { get; set; }
    public string? LastName { get; set; }
    public string Role { get; set; } = string.Empty;

    /// <summary>The housing org the user belongs to; null = unaffiliated (every user stored before orgs had members).</summary>
    public long? HousingOrgId { get; set; }

    /// <summary>True only for a coordinator who leads their org's program.</summary>
    public bool Lead { get; set; }

    /// <summary>Pending while a sign-up or invite is still creating the Cognito account; null when deleted or never created.</summary>
    public string? Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Increases on every change; projections use it to ignore stale notifications.</summary>
    public long Version { get; set; }

    /// <summary>Tokens issued before this instant are refused (global sign-out).</summary>
    public DateTimeOffset? SignedOutAt { get; set; }

    /// <summary>Token ids revoked by sign-out, kept until they would have expired anyway.</summary>
    public List<RevokedToken> Revoked { get; set; } = [];

    /// <summary>The event the user's activation records (<see cref="NewUser.JoinEvent"/>) and an invite's actor.</summary>
    public string? JoinEvent { get; set; }

    public long? InvitedBy { get; set; }

    public List<Guid> StagedEvents { get; set; } = [];

    public bool IsActive => Status == Active;

    public UserView ToView() => new(Id, Email, FirstName, MiddleName, LastName, Role, CreatedAt, UpdatedAt, HousingOrgId, Lead);
}

public sealed record RevokedToken(string Jti, DateTimeOffset ExpiresAt);
