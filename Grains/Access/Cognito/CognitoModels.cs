using System.Diagnostics.CodeAnalysis;

namespace HomeUniteUs.Grains.Access.Cognito;

// The shapes Cognito answers with, named and spelled as AWS does; fields the service layer does not use are left out.

[SuppressMessage("Naming", "CA1711", Justification = "Cognito's own name (AttributeType in its API), like the other shapes here")]
public sealed record CognitoAttribute(string Name, string Value);

public static class CognitoAttributeExtensions
{
    /// <summary>The value of the attribute called <paramref name="name"/> (e.g. "email", "sub"), or null.</summary>
    public static string? ValueOf(this IEnumerable<CognitoAttribute>? attributes, string name) =>
        attributes?.FirstOrDefault(attribute => attribute.Name == name)?.Value;
}

public sealed record CodeDeliveryDetails(string? Destination, string? DeliveryMedium, string? AttributeName);

public sealed record SignUpResponse(bool UserConfirmed, string UserSub, CodeDeliveryDetails? CodeDeliveryDetails);

/// <summary>The tokens of a sign-in. A refresh (REFRESH_TOKEN_AUTH) issues no new refresh token.</summary>
public sealed record AuthenticationResult(string AccessToken, string IdToken, string? RefreshToken, int ExpiresIn, string TokenType);

/// <summary>The answer of InitiateAuth and RespondToAuthChallenge: tokens, or a challenge to answer within the session.</summary>
public sealed record AuthResponse(
    AuthenticationResult? AuthenticationResult,
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters)
{
    public const string NewPasswordRequired = "NEW_PASSWORD_REQUIRED";

    /// <summary>The user a challenge is about: USER_ID_FOR_SRP (AWS) or, failing that, USERNAME (all moto sends; the sub).</summary>
    [JsonIgnore]
    public string? ChallengeUserId =>
        ChallengeParameters?.GetValueOrDefault("USER_ID_FOR_SRP") ?? ChallengeParameters?.GetValueOrDefault("USERNAME");
}

public sealed record ForgotPasswordResponse(CodeDeliveryDetails? CodeDeliveryDetails)
{
    /// <summary>The reset code, when the endpoint is moto (header <c>x-moto-forgot-password-confirmation-code</c>); null on AWS.</summary>
    [JsonIgnore]
    public string? MotoConfirmationCode { get; init; }
}

/// <summary>GetUser: <see cref="Username"/> is the Cognito username (the sub when the pool signs in by email).</summary>
public sealed record GetUserResponse(string Username, IReadOnlyList<CognitoAttribute>? UserAttributes);

public sealed record AdminGetUserResponse(string Username, IReadOnlyList<CognitoAttribute>? UserAttributes, string? UserStatus, bool Enabled);

/// <summary>A user as AdminCreateUser answers it (UserType).</summary>
public sealed record CognitoUser(string Username, IReadOnlyList<CognitoAttribute>? Attributes, string? UserStatus, bool Enabled);

public sealed record CognitoGroup(string GroupName, string? UserPoolId, string? Description, int? Precedence);

public sealed record CognitoUserPool(string Id, string Name);

public sealed record CognitoUserPoolClient(string ClientId, string UserPoolId, string ClientName, string? ClientSecret);

/// <summary>AdminCreateUser's MessageAction: resend the invitation, or send none.</summary>
public enum CognitoMessageAction
{
    Resend,
    Suppress,
}
