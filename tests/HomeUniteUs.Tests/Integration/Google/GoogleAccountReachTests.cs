using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Google;

/// <summary>
/// Which accounts "Continue with Google" may reach (issue 18, finding 1): only through an email Cognito holds as
/// verified, and never an admin's. A refused federated user is deleted from Cognito again, so it keeps no group,
/// and nothing in the store names it; the account its email names is left exactly as it was.
/// </summary>
[Collection(GoogleCollection.Name)]
public sealed class GoogleAccountReachTests(GoogleStack stack)
{
    private const string Admin = "admin@example.com";

    [Theory]
    [InlineData("sign_in", "/signin", "false")]
    [InlineData("sign_in", "/signin", null)]
    [InlineData("sign_up", "/signup/guest", "false")]
    [InlineData("sign_up", "/signup/host", null)]
    public async Task An_unverified_email_does_not_reach_the_account_of_that_email(string route, string callback, string? verified)
    {
        var victim = await TestAccounts.SignUp(stack, "coordinator");
        var intruder = new GoogleUser(victim.Email.ToUpperInvariant() + " ", "In", "Truder") { EmailVerified = verified };

        using var response = await stack.Post(route, callback, intruder);

        var error = await Error(response, HttpStatusCode.Forbidden, "EMAIL_NOT_VERIFIED");
        Assert.Equal("The email address of this Google account is not verified", error.GetProperty("message").GetString());
        Assert.DoesNotContain("id_token", TestAccounts.Cookies(response).Keys);
        Assert.False(await stack.Hosted.Exists(intruder));
        Assert.Equal(0, await StoredUsers.RowsMentioning(stack.ConnectionString, intruder.Username));
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, victim.Email));
        Assert.Equal(["Coordinators"], await Groups(victim.Email));
        Assert.Equal(victim.UserId, (await stack.Current(victim.AccessToken)).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("false")]
    [InlineData(null)]
    public async Task A_Google_sign_up_with_an_unverified_email_creates_nothing(string? verified)
    {
        var person = GoogleUser.New() with { EmailVerified = verified };

        using var response = await stack.Post("sign_up", "/signup/guest", person);

        await Error(response, HttpStatusCode.Forbidden, "EMAIL_NOT_VERIFIED");
        Assert.False(await stack.Hosted.Exists(person));
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, person.Email));
        Assert.Equal(0, await StoredUsers.RowsMentioning(stack.ConnectionString, person.Username));
    }

    [Theory]
    [InlineData(Admin)]
    [InlineData("ADMIN@Example.com")]
    [InlineData("admin@example.com ")]
    public async Task Google_never_signs_in_an_admin(string email)
    {
        var admin = await stack.Seeded(Admin);
        var person = new GoogleUser(email, "Ad", "Min");

        using var response = await stack.Post("sign_in", "/signin", person);

        var error = await Error(response, HttpStatusCode.Forbidden, "ROLE_NOT_ALLOWED");
        Assert.Equal("An admin cannot sign in with Google", error.GetProperty("message").GetString());
        Assert.DoesNotContain("id_token", TestAccounts.Cookies(response).Keys);
        Assert.False(await stack.Hosted.Exists(person));
        Assert.Equal(0, await StoredUsers.RowsMentioning(stack.ConnectionString, person.Username));
        Assert.Equal(["Admins"], await Groups(Admin));
        Assert.Equal(admin.UserId, (await stack.Current(admin.AccessToken)).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_Google_sign_up_with_an_admin_email_is_refused_and_removed()
    {
        var person = new GoogleUser("Admin@Example.COM", "Ad", "Min");

        using var response = await stack.Post("sign_up", "/signup/guest", person);

        await Error(response, HttpStatusCode.Forbidden, "ROLE_NOT_ALLOWED");
        Assert.False(await stack.Hosted.Exists(person));
        Assert.Equal(0, await StoredUsers.RowsMentioning(stack.ConnectionString, person.Username));
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, Admin));
        Assert.Equal(["Admins"], await Groups(Admin));
    }

    private async Task<List<string>> Groups(string username) =>
        [.. (await CognitoAdmin.For(stack.Environment).AdminListGroupsForUserAsync(username)).Select(group => group.GroupName)];
}
