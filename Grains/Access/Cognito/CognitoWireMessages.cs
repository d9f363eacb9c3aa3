namespace HomeUniteUs.Grains.Access.Cognito;

// Request bodies and response envelopes exactly as the JSON 1.1 protocol spells them.

internal sealed record UsernameRequest(string ClientId, string SecretHash, string Username);

internal sealed record SignUpRequest(string ClientId, string SecretHash, string Username, string Password, IReadOnlyList<CognitoAttribute> UserAttributes);

internal sealed record ConfirmSignUpRequest(string ClientId, string SecretHash, string Username, string ConfirmationCode);

internal sealed record ConfirmForgotPasswordRequest(string ClientId, string SecretHash, string Username, string ConfirmationCode, string Password);

internal sealed record InitiateAuthRequest(string ClientId, string AuthFlow, IReadOnlyDictionary<string, string> AuthParameters);

internal sealed record RespondToAuthChallengeRequest(string ClientId, string ChallengeName, string Session, IReadOnlyDictionary<string, string> ChallengeResponses);

internal sealed record AccessTokenRequest(string AccessToken);

internal sealed record AdminUserRequest(string UserPoolId, string Username);

internal sealed record AdminCreateUserRequest(
    string UserPoolId,
    string Username,
    string TemporaryPassword,
    string? MessageAction,
    IReadOnlyList<CognitoAttribute> UserAttributes);

internal sealed record AdminAddUserToGroupRequest(string UserPoolId, string Username, string GroupName);

internal sealed record AdminSetUserPasswordRequest(string UserPoolId, string Username, string Password, bool Permanent);

internal sealed record AdminListGroupsForUserRequest(string UserPoolId, string Username, string? NextToken);

internal sealed record CreateGroupRequest(string UserPoolId, string GroupName, string? Description);

internal sealed record DeleteGroupRequest(string UserPoolId, string GroupName);

internal sealed record ListGroupsRequest(string UserPoolId, string? NextToken);

internal sealed record CreateUserPoolRequest(string PoolName, IReadOnlyList<string> UsernameAttributes, IReadOnlyList<string> AutoVerifiedAttributes);

internal sealed record CreateUserPoolClientRequest(string UserPoolId, string ClientName, bool GenerateSecret, IReadOnlyList<string> ExplicitAuthFlows);

internal sealed record CodeDeliveryResponse(CodeDeliveryDetails? CodeDeliveryDetails);

internal sealed record AdminCreateUserResponse(CognitoUser User);

internal sealed record GroupResponse(CognitoGroup Group);

internal sealed record GroupsPage(IReadOnlyList<CognitoGroup>? Groups, string? NextToken);

internal sealed record UserPoolResponse(CognitoUserPool UserPool);

internal sealed record UserPoolClientResponse(CognitoUserPoolClient UserPoolClient);
