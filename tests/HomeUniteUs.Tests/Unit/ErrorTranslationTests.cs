using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.WebGateway.Errors;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace HomeUniteUs.Tests.Unit;

/// <summary>
/// What the gateway answers when a grain call fails, with the exception types Orleans itself throws
/// (CallbackData's timeout and dead-silo failures, a lost connection, the client's cancellation): a
/// write whose fate the gateway could not learn is 503 OUTCOME_UNKNOWN, a read is 503 SERVICE_UNAVAILABLE,
/// and a 503 decided in a grain (the database is down, nothing applied) keeps its code on every method.
/// </summary>
public sealed class ErrorTranslationTests
{
    public static TheoryData<string, Exception> CallsWithUnknownOutcome => new()
    {
        { "timeout", new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request [S127.0.0.1:11111:0 sys.client/…]->[…] HomeUniteUs.IHousingOrgRegistryGrain.Put(…)") },
        { "silo died", new SiloUnavailableException("The target silo became unavailable for message: Request […] HomeUniteUs.IIdentityFlowGrain.SignUp(…)") },
        { "connection lost", new SiloUnavailableException() },
        { "cancelled", new TaskCanceledException() },
        { "wrapped", new OrleansException("Grain call failed", new SiloUnavailableException("The target silo became unavailable")) },
    };

    [Theory]
    [MemberData(nameof(CallsWithUnknownOutcome))]
    public void A_write_that_may_have_been_applied_is_OUTCOME_UNKNOWN_and_a_read_is_SERVICE_UNAVAILABLE(string failure, Exception exception)
    {
        foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH" })
        {
            var error = ApiExceptionHandler.Translate(exception, method);
            Assert.True((503, ErrorCodes.OutcomeUnknown) == (error.Status, error.Code), $"{failure} on {method}: {error.Status} {error.Code}");
            Assert.Contains("Idempotency-Key", error.Message, StringComparison.Ordinal);
        }

        foreach (var method in new[] { "GET", "HEAD" })
        {
            var error = ApiExceptionHandler.Translate(exception, method);
            Assert.True((503, ErrorCodes.ServiceUnavailable) == (error.Status, error.Code), $"{failure} on {method}: {error.Status} {error.Code}");
        }
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("GET")]
    public void A_503_a_grain_decided_and_a_failure_to_connect_stay_SERVICE_UNAVAILABLE(string method)
    {
        // The database was down: the grain refused before applying anything. No silo reached: nothing was sent.
        foreach (var exception in new Exception[] { DatabaseOutage.Unavailable(), new ConnectionFailedException("Unable to connect to 127.0.0.1:30000") })
        {
            var error = ApiExceptionHandler.Translate(exception, method);
            Assert.Equal((503, ErrorCodes.ServiceUnavailable), (error.Status, error.Code));
        }
    }

    [Fact]
    public async Task OUTCOME_UNKNOWN_is_a_503_with_Retry_After_in_the_one_error_shape()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "req-1" };
        context.Response.Body = new MemoryStream();
        await ApiError.Write(context, ApiExceptionHandler.Translate(new SiloUnavailableException(), "POST"));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var body = (await JsonDocument.ParseAsync(context.Response.Body)).RootElement;
        Assert.Equal("OUTCOME_UNKNOWN", body.GetProperty("code").GetString());
        Assert.Equal(503, body.GetProperty("status").GetInt32());
        Assert.Equal("OUTCOME_UNKNOWN", body.GetProperty("detail").GetProperty("code").GetString());
        Assert.Equal("req-1", body.GetProperty("requestId").GetString());
    }

    [Fact]
    public void A_body_that_leaves_out_a_property_its_type_requires_is_422_naming_that_property()
    {
        var missing = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<HomeUniteUs.WebGateway.Access.MembershipRequest>("{\"lead\":true}"));
        var error = ApiExceptionHandler.Translate(new BadHttpRequestException("Failed to read parameter", missing), "PUT");
        Assert.Equal((422, ErrorCodes.Validation), (error.Status, error.Code));
        Assert.Equal("housingOrgId", Assert.Single(error.Errors!).Field);

        var wrongType = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<HomeUniteUs.WebGateway.Access.MembershipRequest>("{\"housingOrgId\":\"1\"}"));
        Assert.Equal("housingOrgId", Assert.Single(ApiExceptionHandler.Translate(new BadHttpRequestException("Failed to read parameter", wrongType), "PUT").Errors!).Field);
    }
}
