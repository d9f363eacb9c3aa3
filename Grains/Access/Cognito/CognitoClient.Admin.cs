namespace HomeUniteUs.Grains.Access.Cognito;

// Operations signed with the service's AWS credentials, on the configured user pool.
public sealed partial class CognitoClient
{
    /// <summary>Creates a user in FORCE_CHANGE_PASSWORD: the first sign-in with the temporary password answers NEW_PASSWORD_REQUIRED.</summary>
    public async Task<CognitoUser> AdminCreateUserAsync(
        string email,
        string temporaryPassword,
        IEnumerable<CognitoAttribute> attributes,
        CognitoMessageAction? messageAction = null,
        CancellationToken cancellationToken = default)
    {
        var response = await CallAsync<AdminCreateUserRequest, AdminCreateUserResponse>(
            CognitoOperations.AdminCreateUser,
            new AdminCreateUserRequest(
                settings.CognitoUserPoolId,
                CognitoUsername.Normalize(email),
                temporaryPassword,
                messageAction?.ToString().ToUpperInvariant(),
                [.. attributes]),
            cancellationToken);
        return response.User;
    }

    public Task<AdminGetUserResponse> AdminGetUserAsync(string username, CancellationToken cancellationToken = default) =>
        CallAsync<AdminUserRequest, AdminGetUserResponse>(CognitoOperations.AdminGetUser, AdminUser(username), cancellationToken);

    public Task AdminDeleteUserAsync(string username, CancellationToken cancellationToken = default) =>
        SendAsync(CognitoOperations.AdminDeleteUser, AdminUser(username), cancellationToken);

    public Task AdminConfirmSignUpAsync(string username, CancellationToken cancellationToken = default) =>
        SendAsync(CognitoOperations.AdminConfirmSignUp, AdminUser(username), cancellationToken);

    public Task AdminAddUserToGroupAsync(string username, string groupName, CancellationToken cancellationToken = default) =>
        SendAsync(
            CognitoOperations.AdminAddUserToGroup,
            new AdminAddUserToGroupRequest(settings.CognitoUserPoolId, CognitoUsername.Normalize(username), groupName),
            cancellationToken);

    /// <summary>Sets a password; <paramref name="permanent"/> also confirms the user, so seeded users sign in at once.</summary>
    public Task AdminSetUserPasswordAsync(string username, string password, bool permanent, CancellationToken cancellationToken = default) =>
        SendAsync(
            CognitoOperations.AdminSetUserPassword,
            new AdminSetUserPasswordRequest(settings.CognitoUserPoolId, CognitoUsername.Normalize(username), password, permanent),
            cancellationToken);

    /// <summary>The groups the user belongs to, every page.</summary>
    public async Task<IReadOnlyList<CognitoGroup>> AdminListGroupsForUserAsync(string username, CancellationToken cancellationToken = default)
    {
        var groups = new List<CognitoGroup>();
        string? nextToken = null;
        do
        {
            var page = await CallAsync<AdminListGroupsForUserRequest, GroupsPage>(
                CognitoOperations.AdminListGroupsForUser,
                new AdminListGroupsForUserRequest(settings.CognitoUserPoolId, CognitoUsername.Normalize(username), nextToken),
                cancellationToken);
            groups.AddRange(page.Groups ?? []);
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return groups;
    }

    public async Task<CognitoGroup> CreateGroupAsync(string groupName, string? description = null, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync<CreateGroupRequest, GroupResponse>(
            CognitoOperations.CreateGroup,
            new CreateGroupRequest(settings.CognitoUserPoolId, groupName, description),
            cancellationToken);
        return response.Group;
    }

    public Task DeleteGroupAsync(string groupName, CancellationToken cancellationToken = default) =>
        SendAsync(CognitoOperations.DeleteGroup, new DeleteGroupRequest(settings.CognitoUserPoolId, groupName), cancellationToken);

    /// <summary>Every group of the pool, every page.</summary>
    public async Task<IReadOnlyList<CognitoGroup>> ListGroupsAsync(CancellationToken cancellationToken = default)
    {
        var groups = new List<CognitoGroup>();
        string? nextToken = null;
        do
        {
            var page = await CallAsync<ListGroupsRequest, GroupsPage>(
                CognitoOperations.ListGroups,
                new ListGroupsRequest(settings.CognitoUserPoolId, nextToken),
                cancellationToken);
            groups.AddRange(page.Groups ?? []);
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return groups;
    }

    /// <summary>Creates a user pool whose users sign in by email (for a local stack or a test; not for AWS deployments).</summary>
    public async Task<CognitoUserPool> CreateUserPoolAsync(string poolName, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync<CreateUserPoolRequest, UserPoolResponse>(
            CognitoOperations.CreateUserPool,
            new CreateUserPoolRequest(poolName, ["email"], ["email"]),
            cancellationToken);
        return response.UserPool;
    }

    /// <summary>Creates an app client with a secret, allowed USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH.</summary>
    public async Task<CognitoUserPoolClient> CreateUserPoolClientAsync(string userPoolId, string clientName, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync<CreateUserPoolClientRequest, UserPoolClientResponse>(
            CognitoOperations.CreateUserPoolClient,
            new CreateUserPoolClientRequest(userPoolId, clientName, GenerateSecret: true, ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
            cancellationToken);
        return response.UserPoolClient;
    }

    private AdminUserRequest AdminUser(string username) => new(settings.CognitoUserPoolId, CognitoUsername.Normalize(username));
}
