using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>The IdP endpoint is a closed port: identity routes answer 503 and write nothing.</summary>
public sealed class CognitoUnreachableTests : IClassFixture<CognitoUnreachableTests.NoCognitoStack>
{
    private readonly NoCognitoStack stack;

    public CognitoUnreachableTests(NoCognitoStack stack) => this.stack = stack;

    [Fact]
    public async Task Readiness_names_the_failing_check()
    {
        using var ready = await stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        var body = await Json(ready, HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("unavailable", body.GetProperty("checks").GetProperty("cognito").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("cluster").GetString());
        Assert.Equal("SERVICE_UNAVAILABLE", body.GetProperty("code").GetString());
        Assert.Equal(["cognito"], body.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("Not ready: cognito unavailable", body.GetProperty("message").GetString());
        Assert.Equal(ready.Headers.GetValues("X-Request-ID").Single(), body.GetProperty("requestId").GetString());
        Assert.NotNull(ready.Headers.RetryAfter);
        Assert.DoesNotContain("Exception", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_up_is_503_and_leaves_no_user_in_the_store()
    {
        var email = TestAccounts.NewEmail("offline");
        using var response = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/signup", UriKind.Relative),
            new { email, password = TestAccounts.Password, firstName = "Off", role = "guest" });
        await Error(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Theory]
    [InlineData("/api/auth/signin", """{"email":"someone@example.com","password":"x"}""")]
    [InlineData("/api/auth/forgot-password", """{"email":"someone@example.com"}""")]
    [InlineData("/api/auth/forgot-password/confirm", """{"email":"someone@example.com","code":"1","password":"Str0ng!Passw0rd"}""")]
    public async Task Other_identity_routes_are_503(string path, string json)
    {
        using var response = await stack.Http.PostAsync(new Uri(path, UriKind.Relative), JsonContent(json));
        await Error(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
    }

    public sealed class NoCognitoStack : ServiceStack
    {
        protected override string HuuEnvironment => "test";

        protected override TimeSpan ReadyTimeout => TimeSpan.Zero;

        protected override void Configure(Dictionary<string, string> environment) =>
            environment["COGNITO_IDP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();

            // Ready never turns green here: wait for the cluster instead.
            for (var i = 0; i < 240; i++)
            {
                using var orgs = await Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
                if (orgs.IsSuccessStatusCode)
                {
                    return;
                }

                await Task.Delay(250);
            }

            throw new TimeoutException("The cluster never became available");
        }
    }
}
