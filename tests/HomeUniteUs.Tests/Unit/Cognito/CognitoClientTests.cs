using System.Net;
using System.Text;
using System.Text.Json;
using HomeUniteUs.Grains.Access.Cognito;
using Polly.Timeout;

namespace HomeUniteUs.Tests.Unit.Cognito;

/// <summary>What the client puts on the wire and how it reads answers, without signing or retries.</summary>
public sealed class CognitoClientTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:4566");
    private static readonly HomeUniteUs.Configuration.HuuSettings Settings = CognitoTestSettings.Create(Endpoint);

    private static CognitoClient Client(HttpMessageHandler network) => new(new HttpClient(network), Settings);

    [Fact]
    public async Task Sign_up_is_a_JSON_1_1_post_with_target_normalized_username_and_secret_hash()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.OK, """{"UserConfirmed": false, "UserSub": "sub-1"}""");

        var response = await Client(network).SignUpAsync(" Ann.B@Example.COM ", "Passw0rd!", [new("given_name", "Ann"), new("family_name", "B")]);

        Assert.Equal(new SignUpResponse(false, "sub-1", null), response);
        var (request, body) = Assert.Single(network.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri(Endpoint, "/"), request.RequestUri);
        Assert.Equal("AWSCognitoIdentityProviderService.SignUp", request.Headers.GetValues("X-Amz-Target").Single());
        Assert.Equal("application/x-amz-json-1.1", request.Content!.Headers.ContentType!.ToString());
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(Settings.CognitoClientId, root.GetProperty("ClientId").GetString());
        Assert.Equal("ann.b@example.com", root.GetProperty("Username").GetString());
        Assert.Equal(CognitoSecretHash.Compute("ann.b@example.com", Settings.CognitoClientId, Settings.CognitoClientSecret), root.GetProperty("SecretHash").GetString());
        Assert.Equal("Passw0rd!", root.GetProperty("Password").GetString());
        Assert.Equal("""[{"Name":"given_name","Value":"Ann"},{"Name":"family_name","Value":"B"}]""", root.GetProperty("UserAttributes").GetRawText());
    }

    [Fact]
    public async Task Sign_in_and_refresh_send_their_auth_flow_and_parameters()
    {
        var network = RecordingHandler.Answering(
            HttpStatusCode.OK,
            """{"AuthenticationResult": {"AccessToken": "a", "IdToken": "i", "RefreshToken": "r", "ExpiresIn": 3600, "TokenType": "Bearer"}}""");
        var client = Client(network);

        var signIn = await client.SignInAsync("Guest@Example.com", "pw");
        await client.RefreshAsync("refresh-token", "8f1c2d3e-sub");

        Assert.Equal(new AuthenticationResult("a", "i", "r", 3600, "Bearer"), signIn.AuthenticationResult);
        using var first = JsonDocument.Parse(network.Requests[0].Body);
        Assert.Equal("USER_PASSWORD_AUTH", first.RootElement.GetProperty("AuthFlow").GetString());
        var auth = first.RootElement.GetProperty("AuthParameters");
        Assert.Equal("guest@example.com", auth.GetProperty("USERNAME").GetString());
        Assert.Equal("pw", auth.GetProperty("PASSWORD").GetString());
        Assert.Equal(CognitoSecretHash.Compute("guest@example.com", Settings.CognitoClientId, Settings.CognitoClientSecret), auth.GetProperty("SECRET_HASH").GetString());

        using var second = JsonDocument.Parse(network.Requests[1].Body);
        Assert.Equal("REFRESH_TOKEN_AUTH", second.RootElement.GetProperty("AuthFlow").GetString());
        var refresh = second.RootElement.GetProperty("AuthParameters");
        Assert.Equal("refresh-token", refresh.GetProperty("REFRESH_TOKEN").GetString());
        Assert.Equal(CognitoSecretHash.Compute("8f1c2d3e-sub", Settings.CognitoClientId, Settings.CognitoClientSecret), refresh.GetProperty("SECRET_HASH").GetString());
        Assert.All(network.Requests, r => Assert.Equal("AWSCognitoIdentityProviderService.InitiateAuth", r.Request.Headers.GetValues("X-Amz-Target").Single()));
    }

    [Theory]
    [InlineData("""{"USERNAME": "sub-from-moto"}""", "sub-from-moto")]
    [InlineData("""{"USERNAME": "alias", "USER_ID_FOR_SRP": "sub-from-aws"}""", "sub-from-aws")]
    [InlineData("{}", null)]
    public async Task A_new_password_challenge_names_its_user_by_USER_ID_FOR_SRP_or_else_USERNAME(string parameters, string? expected)
    {
        var network = RecordingHandler.Answering(
            HttpStatusCode.OK,
            $$"""{"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s-1", "ChallengeParameters": {{parameters}}}""");

        var response = await Client(network).SignInAsync("invited@example.com", "temporary");

        Assert.Null(response.AuthenticationResult);
        Assert.Equal(AuthResponse.NewPasswordRequired, response.ChallengeName);
        Assert.Equal("s-1", response.Session);
        Assert.Equal(expected, response.ChallengeUserId);
    }

    [Fact]
    public async Task The_new_password_answer_carries_username_password_and_secret_hash()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.OK, """{"AuthenticationResult": {"AccessToken": "a", "IdToken": "i", "RefreshToken": "r", "ExpiresIn": 3600, "TokenType": "Bearer"}}""");

        await Client(network).RespondToNewPasswordChallengeAsync("Invited@Example.com", "N3w-Passw0rd!", "s-1");

        using var json = JsonDocument.Parse(network.Requests.Single().Body);
        Assert.Equal("NEW_PASSWORD_REQUIRED", json.RootElement.GetProperty("ChallengeName").GetString());
        Assert.Equal("s-1", json.RootElement.GetProperty("Session").GetString());
        var answers = json.RootElement.GetProperty("ChallengeResponses");
        Assert.Equal("invited@example.com", answers.GetProperty("USERNAME").GetString());
        Assert.Equal("N3w-Passw0rd!", answers.GetProperty("NEW_PASSWORD").GetString());
        Assert.Equal(CognitoSecretHash.Compute("invited@example.com", Settings.CognitoClientId, Settings.CognitoClientSecret), answers.GetProperty("SECRET_HASH").GetString());
    }

    [Theory]
    [InlineData("moto-confirmation-code:123456", "moto-confirmation-code:123456")]
    [InlineData("None", null)]
    [InlineData(null, null)]
    public async Task Forgot_password_exposes_the_code_moto_puts_in_a_header(string? header, string? expected)
    {
        var network = new RecordingHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"CodeDeliveryDetails": {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}}""", Encoding.UTF8),
            };
            if (header is not null)
            {
                response.Headers.Add("x-moto-forgot-password-confirmation-code", header);
            }

            return response;
        });

        var result = await Client(network).ForgotPasswordAsync("a@example.com");

        Assert.Equal(expected, result.MotoConfirmationCode);
        Assert.Equal("EMAIL", result.CodeDeliveryDetails?.DeliveryMedium);
    }

    [Theory]
    [InlineData(CognitoMessageAction.Suppress, "\"MessageAction\":\"SUPPRESS\"")]
    [InlineData(CognitoMessageAction.Resend, "\"MessageAction\":\"RESEND\"")]
    public async Task Admin_create_user_sends_the_message_action_in_AWS_spelling(CognitoMessageAction action, string expected)
    {
        var network = RecordingHandler.Answering(HttpStatusCode.OK, """{"User": {"Username": "sub-2", "Attributes": [{"Name": "email", "Value": "c@example.com"}], "UserStatus": "FORCE_CHANGE_PASSWORD", "Enabled": true}}""");

        var user = await Client(network).AdminCreateUserAsync("C@example.com", "Temp0rary!", [new("email", "c@example.com"), new("email_verified", "true")], action);

        Assert.Equal("sub-2", user.Username);
        Assert.Equal("c@example.com", user.Attributes.ValueOf("email"));
        Assert.Contains(expected, network.Requests.Single().Body, StringComparison.Ordinal);
        Assert.Contains("\"UserPoolId\":\"us-east-1_testpool\"", network.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absent_message_action_is_left_out_of_the_request()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.OK, """{"User": {"Username": "sub-2", "Enabled": true}}""");

        await Client(network).AdminCreateUserAsync("c@example.com", "Temp0rary!", []);

        Assert.DoesNotContain("MessageAction", network.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_is_a_CognitoException_named_by_Cognito()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.BadRequest, """{"__type": "UserNotFoundException", "message": "User does not exist."}""", "application/json");

        var error = await Assert.ThrowsAsync<CognitoException>(() => Client(network).SignInAsync("nobody@example.com", "pw"));

        Assert.Equal("UserNotFoundException", error.ErrorName);
        Assert.Equal("User does not exist.", error.Message);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(CognitoOperations.InitiateAuth, error.Operation);
    }

    [Fact]
    public async Task An_HTML_500_is_an_internal_error_without_the_HTML()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.InternalServerError, "<!doctype html><title>500 Internal Server Error</title>", "text/html");

        var error = await Assert.ThrowsAsync<CognitoException>(() => Client(network).ResendConfirmationCodeAsync("a@example.com"));

        Assert.Equal(CognitoErrorReader.InternalError, error.ErrorName);
        Assert.DoesNotContain("<", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_answer_that_is_not_the_expected_JSON_is_an_unknown_error()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.OK, "<html>captive portal</html>", "text/html");

        var error = await Assert.ThrowsAsync<CognitoException>(() => Client(network).GetUserAsync("token"));

        Assert.Equal(CognitoErrorReader.UnknownError, error.ErrorName);
        Assert.DoesNotContain("<", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_failure_is_CognitoUnavailableException()
    {
        var network = new RecordingHandler(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        var error = await Assert.ThrowsAsync<CognitoUnavailableException>(() => Client(network).SignUpAsync("a@example.com", "pw", []));

        Assert.Equal(CognitoOperations.SignUp, error.Operation);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task A_timeout_is_CognitoUnavailableException()
    {
        var network = new RecordingHandler(_ => throw new TimeoutRejectedException());

        var error = await Assert.ThrowsAsync<CognitoUnavailableException>(() => Client(network).SignInAsync("a@example.com", "pw"));

        Assert.Equal(CognitoOperations.InitiateAuth, error.Operation);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.OK, "{}");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(network).GlobalSignOutAsync("token", cancelled.Token));
    }

    [Fact]
    public async Task Group_listings_follow_next_tokens_to_the_last_page()
    {
        var pages = new Queue<string>(
        [
            """{"Groups": [{"GroupName": "Admins"}, {"GroupName": "Hosts"}], "NextToken": "page-2"}""",
            """{"Groups": [{"GroupName": "Guests"}]}""",
        ]);
        var network = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pages.Dequeue()) });

        var groups = await Client(network).ListGroupsAsync();

        Assert.Equal(["Admins", "Hosts", "Guests"], groups.Select(group => group.GroupName));
        Assert.DoesNotContain("NextToken", network.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"NextToken\":\"page-2\"", network.Requests[1].Body, StringComparison.Ordinal);
    }
}
