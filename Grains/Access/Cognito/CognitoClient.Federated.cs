namespace HomeUniteUs.Grains.Access.Cognito;

// Federated users (signed in through an identity provider such as Google): Cognito names them itself
// (e.g. "Google_1098…"), so their usernames are passed exactly as Cognito gave them, never lower-cased.
public sealed partial class CognitoClient
{
    public Task AdminDeleteFederatedUserAsync(string username, CancellationToken cancellationToken = default) =>
        SendAsync(CognitoOperations.AdminDeleteUser, new AdminUserRequest(settings.CognitoUserPoolId, username), cancellationToken);

    public Task AdminAddFederatedUserToGroupAsync(string username, string groupName, CancellationToken cancellationToken = default) =>
        SendAsync(
            CognitoOperations.AdminAddUserToGroup,
            new AdminAddUserToGroupRequest(settings.CognitoUserPoolId, username, groupName),
            cancellationToken);
}
