using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>A brand-new user pool with no groups: the silo creates the role groups, then seeds.</summary>
public sealed class PoolWithoutGroupsTests : IClassFixture<PoolWithoutGroupsTests.BarePoolStack>
{
    private readonly BarePoolStack stack;

    public PoolWithoutGroupsTests(BarePoolStack stack) => this.stack = stack;

    [Fact]
    public async Task The_silo_creates_the_role_groups_and_the_seeded_users_sign_in_with_their_roles()
    {
        var groups = (await CognitoAdmin.For(stack.Environment).ListGroupsAsync()).Select(g => g.GroupName).Order().ToList();
        Assert.Equal(["Admins", "Coordinators", "Guests", "Hosts"], groups);
        Assert.Equal("admin", (await stack.Seeded("admin@example.com")).Role);
        Assert.Equal("coordinator", (await stack.Seeded("coordinatorq@example.com")).Role);
    }

    [Fact]
    public async Task Without_a_hosted_UI_endpoint_the_Google_routes_are_unavailable()
    {
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => stack.Http.GetAsync(new Uri("/api/auth/google?redirect_uri=/signin", UriKind.Relative)),
            () => stack.Http.PostAsJsonAsync(new Uri("/api/auth/google/sign_in?callback_uri=/signin", UriKind.Relative), new { code = "c" }),
            () => stack.Http.PostAsJsonAsync(new Uri("/api/auth/google/sign_up?callback_uri=/signup/guest", UriKind.Relative), new { code = "c" }),
        })
        {
            using var response = await request();
            var error = await Error(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.Equal("Google sign-in is not configured", error.GetProperty("message").GetString());
        }
    }

    /// <summary>A fresh deployment: a new pool, and no hosted UI domain (COGNITO_ENDPOINT_URL unset).</summary>
    public sealed class BarePoolStack : ServiceStack
    {
        protected override async Task ConfigureAsync(Dictionary<string, string> environment)
        {
            environment.Remove("COGNITO_ENDPOINT_URL");
            var pool = await CognitoAdmin.For(environment).CreateUserPoolAsync("huu-bare");
            var client = await CognitoAdmin.For(environment).CreateUserPoolClientAsync(pool.Id, "huu-api");
            environment["COGNITO_USER_POOL_ID"] = pool.Id;
            environment["COGNITO_CLIENT_ID"] = client.ClientId;
            environment["COGNITO_CLIENT_SECRET"] = client.ClientSecret!;
        }
    }
}
