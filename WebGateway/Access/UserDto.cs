namespace HomeUniteUs.WebGateway.Access;

/// <summary>A user on the wire, as the React frontend reads it.</summary>
public sealed record UserDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("firstName")] string FirstName,
    [property: JsonPropertyName("middleName")] string? MiddleName,
    [property: JsonPropertyName("lastName")] string? LastName,
    [property: JsonPropertyName("role")] RoleDto Role,
    [property: JsonPropertyName("housingOrgId")] long? HousingOrgId,
    [property: JsonPropertyName("lead")] bool Lead)
{
    public static UserDto From(UserView user) =>
        new(user.Id, user.Email, user.FirstName, user.MiddleName, user.LastName, new RoleDto(UserRoles.IdOf(user.Role), user.Role),
            user.HousingOrgId, user.Lead);
}

public sealed record RoleDto(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("type")] string Type);

public sealed record MessageDto([property: JsonPropertyName("message")] string Message);

/// <summary>Sign-in's answer: the user and the access token (the other tokens go into cookies).</summary>
public sealed record SignInDto(
    [property: JsonPropertyName("user")] UserDto User,
    [property: JsonPropertyName("token")] string Token);

/// <summary>The session routes' answer; <see cref="User"/> only on /session and /new-password.</summary>
public sealed record SessionDto(
    [property: JsonPropertyName("user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserDto? User,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("id_token")] string IdToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);
