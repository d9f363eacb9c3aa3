namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>The Cognito operations the client calls, and which of them only read.</summary>
public static class CognitoOperations
{
    public const string SignUp = "SignUp";
    public const string ConfirmSignUp = "ConfirmSignUp";
    public const string ResendConfirmationCode = "ResendConfirmationCode";
    public const string InitiateAuth = "InitiateAuth";
    public const string RespondToAuthChallenge = "RespondToAuthChallenge";
    public const string ForgotPassword = "ForgotPassword";
    public const string ConfirmForgotPassword = "ConfirmForgotPassword";
    public const string GlobalSignOut = "GlobalSignOut";
    public const string GetUser = "GetUser";
    public const string AdminCreateUser = "AdminCreateUser";
    public const string AdminGetUser = "AdminGetUser";
    public const string AdminDeleteUser = "AdminDeleteUser";
    public const string AdminAddUserToGroup = "AdminAddUserToGroup";
    public const string AdminConfirmSignUp = "AdminConfirmSignUp";
    public const string AdminSetUserPassword = "AdminSetUserPassword";
    public const string AdminListGroupsForUser = "AdminListGroupsForUser";
    public const string CreateGroup = "CreateGroup";
    public const string DeleteGroup = "DeleteGroup";
    public const string ListGroups = "ListGroups";
    public const string CreateUserPool = "CreateUserPool";
    public const string CreateUserPoolClient = "CreateUserPoolClient";

    /// <summary>Where the client records the operation on each request, for the retry policy to read.</summary>
    public static readonly HttpRequestOptionsKey<string> RequestOption = new("HomeUniteUs.Cognito.Operation");

    /// <summary>
    /// Reads change nothing, so repeating one is always safe. Everything else — InitiateAuth included, since a
    /// repeated failed sign-in counts twice towards Cognito's lockout — is sent once unless the connection
    /// failed before the request left (see <see cref="CognitoResilience.ShouldRetry"/>).
    /// </summary>
    public static bool IsRead(string operation) =>
        operation is GetUser or AdminGetUser or ListGroups or AdminListGroupsForUser;
}
