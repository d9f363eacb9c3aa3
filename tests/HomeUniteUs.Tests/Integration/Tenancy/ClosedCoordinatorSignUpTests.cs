using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>HUU_COORDINATOR_SIGNUP=closed: coordinators come only by invite; guests and hosts still sign up.</summary>
public sealed class ClosedCoordinatorSignUpTests(ClosedCoordinatorSignUpTests.ClosedStack stack) : IClassFixture<ClosedCoordinatorSignUpTests.ClosedStack>
{
    [Fact]
    public async Task Self_sign_up_as_coordinator_is_refused_and_leaves_no_account()
    {
        var email = TestAccounts.NewEmail("coordinator");
        using var refused = await SignUp(email, "coordinator");
        var error = await Error(refused, HttpStatusCode.Forbidden, "ROLE_NOT_ALLOWED");
        Assert.Contains("invitation", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Theory]
    [InlineData("guest")]
    [InlineData("host")]
    public async Task Guests_and_hosts_still_sign_up(string role)
    {
        var email = TestAccounts.NewEmail(role);
        using var signedUp = await SignUp(email, role);
        await Json(signedUp, HttpStatusCode.OK);
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Fact]
    public async Task An_admin_still_invites_a_coordinator()
    {
        var admin = await stack.Seeded("admin@example.com");
        var email = TestAccounts.NewEmail("coordinator");
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/auth/invite", admin.AccessToken,
            System.Net.Http.Json.JsonContent.Create(new { email, firstName = "Invited", role = "coordinator" }));
        using var invited = await stack.Http.SendAsync(request);
        await Json(invited, HttpStatusCode.OK);
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
    }

    private async Task<HttpResponseMessage> SignUp(string email, string role)
    {
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/auth/signup", null,
            System.Net.Http.Json.JsonContent.Create(new { email, password = "Test123!", firstName = "Closed", role }));
        return await stack.Http.SendAsync(request);
    }

    public sealed class ClosedStack : ServiceStack
    {
        protected override void Configure(Dictionary<string, string> environment) =>
            environment["HUU_COORDINATOR_SIGNUP"] = "closed";
    }
}
