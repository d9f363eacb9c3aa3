using System.Net;
using HomeUniteUs.Grains.Access.Cognito;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;

namespace HomeUniteUs.Tests.Unit.Cognito;

public sealed class CognitoResilienceTests
{
    public static TheoryData<string, HttpStatusCode?, Exception?, bool> Decisions => new()
    {
        // Never sent: any operation may go again.
        { CognitoOperations.SignUp, null, new HttpRequestException(HttpRequestError.ConnectionError, "refused"), true },
        { CognitoOperations.InitiateAuth, null, new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), true },
        // Maybe processed: only reads go again.
        { CognitoOperations.SignUp, null, new TimeoutRejectedException(), false },
        { CognitoOperations.InitiateAuth, HttpStatusCode.InternalServerError, null, false },
        { CognitoOperations.AdminCreateUser, null, new HttpRequestException(HttpRequestError.ResponseEnded, "reset"), false },
        { CognitoOperations.GetUser, null, new TimeoutRejectedException(), true },
        { CognitoOperations.AdminGetUser, null, new HttpRequestException(HttpRequestError.ResponseEnded, "reset"), true },
        { CognitoOperations.ListGroups, HttpStatusCode.ServiceUnavailable, null, true },
        { CognitoOperations.AdminListGroupsForUser, HttpStatusCode.TooManyRequests, null, true },
        { CognitoOperations.GetUser, HttpStatusCode.RequestTimeout, null, true },
        // A definite answer is final.
        { CognitoOperations.GetUser, HttpStatusCode.BadRequest, null, false },
        { CognitoOperations.GetUser, HttpStatusCode.OK, null, false },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Only_reads_and_requests_that_never_left_are_retried(string operation, HttpStatusCode? status, Exception? exception, bool retried)
    {
        Assert.Equal(retried, CognitoResilience.ShouldRetry(operation, status, exception));
    }

    [Fact]
    public void The_read_operations_are_exactly_the_four_that_change_nothing()
    {
        var reads = typeof(CognitoOperations).GetFields()
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Where(CognitoOperations.IsRead)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["AdminGetUser", "AdminListGroupsForUser", "GetUser", "ListGroups"], reads);
    }

    [Fact]
    public async Task A_read_answered_with_500_is_tried_three_times_then_reported()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.InternalServerError, """{"__type": "InternalErrorException", "message": "boom"}""");

        var error = await Assert.ThrowsAsync<CognitoException>(() => ClientOver(network).AdminGetUserAsync("a@example.com"));

        Assert.Equal("InternalErrorException", error.ErrorName);
        Assert.Equal(1 + CognitoResilience.MaxRetries, network.Requests.Count);
    }

    [Fact]
    public async Task A_write_answered_with_500_is_sent_once()
    {
        var network = RecordingHandler.Answering(HttpStatusCode.InternalServerError, """{"__type": "InternalErrorException", "message": "boom"}""");

        await Assert.ThrowsAsync<CognitoException>(() => ClientOver(network).SignUpAsync("a@example.com", "Passw0rd!", []));

        Assert.Single(network.Requests);
    }

    [Fact]
    public async Task A_write_whose_connection_was_refused_is_tried_again_then_reported_unavailable()
    {
        var network = new RecordingHandler(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        await Assert.ThrowsAsync<CognitoUnavailableException>(() => ClientOver(network).SignUpAsync("a@example.com", "Passw0rd!", []));

        Assert.Equal(1 + CognitoResilience.MaxRetries, network.Requests.Count);
    }

    [Fact]
    public async Task A_read_that_fails_once_succeeds_on_the_retry()
    {
        var attempts = 0;
        var network = new RecordingHandler(_ => ++attempts == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"Username": "sub-1", "UserAttributes": [{"Name": "email", "Value": "a@example.com"}]}""") });

        var user = await ClientOver(network).GetUserAsync("token");

        Assert.Equal("a@example.com", user.UserAttributes.ValueOf("email"));
        Assert.Equal(2, network.Requests.Count);
    }

    /// <summary>The client as <see cref="CognitoServiceCollectionExtensions.AddCognitoClient"/> builds it, over a scripted network.</summary>
    private static CognitoClient ClientOver(RecordingHandler network)
    {
        var services = new ServiceCollection()
            .AddSingleton(CognitoTestSettings.Create(new Uri("http://127.0.0.1:4566")))
            .AddCognitoClient();
        services.AddHttpClient<CognitoClient>().ConfigurePrimaryHttpMessageHandler(() => network);
        return services.BuildServiceProvider().GetRequiredService<CognitoClient>();
    }
}
