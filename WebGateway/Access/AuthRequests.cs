using System.Text.Json.Serialization;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>POST /api/auth/signup. Self sign-up as admin passes here and is refused by the identity grain (403); <c>housingOrgId</c> only for guests and hosts.</summary>
public sealed record SignUpRequest(
    [property: RequiredField, Email] string Email,
    [property: RequiredField(AllowEmptyStrings = true), Text(256)] string Password,
    [property: RequiredField, Text(100)] string FirstName,
    [property: Text(100)] string? MiddleName,
    [property: Text(100)] string? LastName,
    [property: RequiredField, OneOf(UserRoles.Admin, UserRoles.Guest, UserRoles.Host, UserRoles.Coordinator)] string Role,
    [property: PositiveId] long? HousingOrgId = null);

/// <summary>POST /api/auth/signin and POST /api/auth/confirm-invite (the temporary password).</summary>
public sealed record SignInRequest(
    [property: RequiredField, Email] string Email,
    [property: RequiredField(AllowEmptyStrings = true), Text(256)] string Password);

/// <summary>POST /api/auth/resend_confirmation_code and /forgot-password.</summary>
public sealed record EmailRequest([property: RequiredField, Email] string Email);

public sealed record ConfirmForgotPasswordRequest(
    [property: RequiredField, Email] string Email,
    [property: RequiredField, Text(64)] string Code,
    [property: RequiredField(AllowEmptyStrings = true), Text(256)] string Password);

/// <summary>The query of GET /api/auth/signup/confirm (the confirmation mail's link).</summary>
public sealed record ConfirmSignUpQuery(
    [property: RequiredField, Text(256)] string? Code,
    [property: RequiredField, Email] string? Email);

/// <summary>POST /api/auth/invite: <c>role</c> guest (default), host or coordinator, into <c>housingOrgId</c> (a coordinator's: their own).</summary>
public sealed record InviteRequest(
    [property: RequiredField, Email] string Email,
    [property: RequiredField, Text(100)] string FirstName,
    [property: Text(100)] string? MiddleName,
    [property: Text(100)] string? LastName,
    [property: OneOf(UserRoles.Guest, UserRoles.Host, UserRoles.Coordinator)] string? Role = null)
{
    private readonly long? housingOrgId;

    /// <summary>The org to invite into: none for an admin who names none, a coordinator's own when the body names none.</summary>
    [PositiveId]
    public long? HousingOrgId
    {
        get => housingOrgId;
        init
        {
            housingOrgId = value;
            NamesOrg = true;
        }
    }

    /// <summary>
    /// Whether the body has <c>housingOrgId</c>, <c>null</c> included (the JSON reader sets the property only then): a
    /// coordinator of an org who names null names another org than their own (403), while one who names nothing invites into theirs.
    /// </summary>
    [JsonIgnore]
    public bool NamesOrg { get; private init; }
}

/// <summary>The query of GET /api/auth/confirm-invite (the invite mail's link; never logged).</summary>
public sealed record ConfirmInviteQuery(
    [property: RequiredField, Email] string? Email,
    [property: RequiredField, Text(256)] string? Password);

public sealed record NewPasswordRequest(
    [property: RequiredField, Text(256)] string UserId,
    [property: RequiredField(AllowEmptyStrings = true), Text(256)] string Password,
    [property: RequiredField, Text(8192)] string SessionId);
