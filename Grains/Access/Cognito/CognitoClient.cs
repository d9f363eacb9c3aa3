using System.Net.Http.Headers;
using Polly.Timeout;

namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>
/// Cognito's user-pool API over the JSON 1.1 protocol (AWSSDK.CognitoIdentityProvider is not available here).
/// Usernames are trimmed and lower-cased and the SECRET_HASH is added wherever Cognito takes one. Errors are
/// <see cref="CognitoException"/>; an unreachable or silent Cognito is <see cref="CognitoUnavailableException"/>.
/// Register with <see cref="CognitoServiceCollectionExtensions.AddCognitoClient"/>, which adds signing and retries.
/// </summary>
public sealed partial class CognitoClient(HttpClient http, HuuSettings settings)
{
    private const string TargetPrefix = "AWSCognitoIdentityProviderService.";
    private const string JsonMediaType = "application/x-amz-json-1.1";
    private const string MotoForgotPasswordCodeHeader = "x-moto-forgot-password-confirmation-code";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public Task<SignUpResponse> SignUpAsync(string email, string password, IEnumerable<CognitoAttribute> attributes, CancellationToken cancellationToken = default)
    {
        var username = CognitoUsername.Normalize(email);
        return CallAsync<SignUpRequest, SignUpResponse>(
            CognitoOperations.SignUp,
            new SignUpRequest(settings.CognitoClientId, SecretHash(username), username, password, [.. attributes]),
            cancellationToken);
    }

    public Task ConfirmSignUpAsync(string email, string confirmationCode, CancellationToken cancellationToken = default)
    {
        var username = CognitoUsername.Normalize(email);
        return SendAsync(
            CognitoOperations.ConfirmSignUp,
            new ConfirmSignUpRequest(settings.CognitoClientId, SecretHash(username), username, confirmationCode),
            cancellationToken);
    }

    public async Task<CodeDeliveryDetails?> ResendConfirmationCodeAsync(string email, CancellationToken cancellationToken = default)
    {
        var username = CognitoUsername.Normalize(email);
        var response = await CallAsync<UsernameRequest, CodeDeliveryResponse>(
            CognitoOperations.ResendConfirmationCode,
            new UsernameRequest(settings.CognitoClientId, SecretHash(username), username),
            cancellationToken);
        return response.CodeDeliveryDetails;
    }

    /// <summary>USER_PASSWORD_AUTH: tokens, or a challenge (NEW_PASSWORD_REQUIRED after AdminCreateUser).</summary>
    public Task<AuthResponse> SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var username = CognitoUsername.Normalize(email);
        return CallAsync<InitiateAuthRequest, AuthResponse>(
            CognitoOperations.InitiateAuth,
            new InitiateAuthRequest(settings.CognitoClientId, "USER_PASSWORD_AUTH", new Dictionary<string, string>
            {
                ["USERNAME"] = username,
                ["PASSWORD"] = password,
                ["SECRET_HASH"] = SecretHash(username),
            }),
            cancellationToken);
    }

    /// <summary>
    /// REFRESH_TOKEN_AUTH. The secret hash is computed over <paramref name="secretHashUsername"/>: AWS wants the
    /// id token's <c>cognito:username</c> (the sub), moto the username given at sign-in (the email).
    /// </summary>
    public Task<AuthResponse> RefreshAsync(string refreshToken, string secretHashUsername, CancellationToken cancellationToken = default) =>
        CallAsync<InitiateAuthRequest, AuthResponse>(
            CognitoOperations.InitiateAuth,
            new InitiateAuthRequest(settings.CognitoClientId, "REFRESH_TOKEN_AUTH", new Dictionary<string, string>
            {
                ["REFRESH_TOKEN"] = refreshToken,
                // An email is lower-cased as at sign-in; a sub or a federated username (Google_…, case-sensitive) is hashed as given.
                ["SECRET_HASH"] = SecretHash(secretHashUsername.Contains('@', StringComparison.Ordinal)
                    ? CognitoUsername.Normalize(secretHashUsername)
                    : secretHashUsername.Trim()),
            }),
            cancellationToken);

    /// <summary>Answers NEW_PASSWORD_REQUIRED. Pass the email as <paramref name="username"/>: moto copies it into the id token's email claim.</summary>
    public Task<AuthResponse> RespondToNewPasswordChallengeAsync(string username, string newPassword, string session, CancellationToken cancellationToken = default)
    {
        var normalized = CognitoUsername.Normalize(username);
        return CallAsync<RespondToAuthChallengeRequest, AuthResponse>(
            CognitoOperations.RespondToAuthChallenge,
            new RespondToAuthChallengeRequest(settings.CognitoClientId, AuthResponse.NewPasswordRequired, session, new Dictionary<string, string>
            {
                ["USERNAME"] = normalized,
                ["NEW_PASSWORD"] = newPassword,
                ["SECRET_HASH"] = SecretHash(normalized),
            }),
            cancellationToken);
    }

    public async Task<ForgotPasswordResponse> ForgotPasswordAsync(string email, CancellationToken cancellationToken = default)
    {
        var username = CognitoUsername.Normalize(email);
        var reply = await SendAsync(
            CognitoOperations.ForgotPassword,
            new UsernameRequest(settings.CognitoClientId, SecretHash(username), username),
            cancellationToken);
        var code = reply.Headers.TryGetValues(MotoForgotPasswordCodeHeader, out var values) ? values.FirstOrDefault() : null;
        return Read<ForgotPasswordResponse>(CognitoOperations.ForgotPassword, reply) with
        {
            // moto writes Python's None when the user does not exist.
            MotoConfirmationCode = string.IsNullOrEmpty(code) || code == "None" ? null : code,
        };
    }

    public Task ConfirmForgotPasswordAsync(string email, string confirmationCode, string newPassword, CancellationToken cancellationToken = default)
    {
        var username = CognitoUsername.Normalize(email);
        return SendAsync(
            CognitoOperations.ConfirmForgotPassword,
            new ConfirmForgotPasswordRequest(settings.CognitoClientId, SecretHash(username), username, confirmationCode, newPassword),
            cancellationToken);
    }

    /// <summary>Revokes every token of the user the access token belongs to.</summary>
    public Task GlobalSignOutAsync(string accessToken, CancellationToken cancellationToken = default) =>
        SendAsync(CognitoOperations.GlobalSignOut, new AccessTokenRequest(accessToken), cancellationToken);

    public Task<GetUserResponse> GetUserAsync(string accessToken, CancellationToken cancellationToken = default) =>
        CallAsync<AccessTokenRequest, GetUserResponse>(CognitoOperations.GetUser, new AccessTokenRequest(accessToken), cancellationToken);

    private string SecretHash(string username) =>
        CognitoSecretHash.Compute(username, settings.CognitoClientId, settings.CognitoClientSecret);

    private async Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken) =>
        Read<TResponse>(operation, await SendAsync(operation, request, cancellationToken));

    private static TResponse Read<TResponse>(string operation, Reply reply)
    {
        try
        {
            if (JsonSerializer.Deserialize<TResponse>(reply.Body, Json) is { } response)
            {
                return response;
            }
        }
        catch (JsonException)
        {
        }

        throw new CognitoException(operation, CognitoErrorReader.UnknownError, $"Cognito answered {operation} with a body that could not be read.", reply.Status);
    }

    private async Task<Reply> SendAsync<TRequest>(string operation, TRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, settings.CognitoIdpEndpoint)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, Json)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
        message.Headers.Add("X-Amz-Target", TargetPrefix + operation);
        message.Options.Set(CognitoOperations.RequestOption, operation);
        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var errorType = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
                throw CognitoErrorReader.Read(operation, response.StatusCode, errorType, body);
            }

            return new Reply(body, (int)response.StatusCode, response.Headers);
        }
        catch (HttpRequestException exception)
        {
            throw new CognitoUnavailableException(operation, $"Cognito could not be reached for {operation}: {exception.Message}", exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new CognitoUnavailableException(operation, $"Cognito did not answer {operation} in time.", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CognitoUnavailableException(operation, $"Cognito did not answer {operation} in time.", exception);
        }
    }

    private sealed record Reply(string Body, int Status, HttpResponseHeaders Headers);
}
