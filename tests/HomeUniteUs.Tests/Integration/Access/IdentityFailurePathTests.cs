using System.Net;
using System.Net.Http.Json;
using System.Web;
using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Access;

/// <summary>
/// The failure answers of the invite and session routes (API.md, "Auth"): a wrong temporary password, an
/// account Cognito has but the store does not (made straight in Cognito, as a half-done or foreign account
/// would be), an invite body that does not fit. Each leaves nothing behind.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class IdentityFailurePathTests(ServiceStack stack)
{
    private const string Temporary = "Temp0rary!Pass";

    [Fact]
    public async Task Confirm_invite_with_a_wrong_temporary_password_is_AUTH001_by_POST_and_by_the_mail_link()
    {
        var coordinator = await stack.Seeded("coordinatorb@example.com");
        var email = TestAccounts.NewEmail("guest");
        using (var invited = await Send(HttpMethod.Post, "/api/auth/invite", coordinator.AccessToken, new { email, firstName = "Wrong" }))
        {
            await Json(invited, HttpStatusCode.OK);
        }

        await CognitoAdmin.For(stack.Environment).AdminSetUserPasswordAsync(email, Temporary, permanent: false);
        using (var posted = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/confirm-invite", UriKind.Relative), new { email, password = "Not-The-Temp0rary!" }))
        {
            var error = await Error(posted, HttpStatusCode.Unauthorized, "AUTH001");
            Assert.Equal("Incorrect email or password", error.GetProperty("message").GetString());
            Assert.Null(posted.Headers.Location);
        }

        using (var link = await stack.Http.GetAsync(new Uri($"/api/auth/confirm-invite?email={Uri.EscapeDataString(email)}&password=Not-The-Temp0rary!", UriKind.Relative)))
        {
            await Error(link, HttpStatusCode.Unauthorized, "AUTH001");
        }

        // The invitation still works with the right one.
        using var right = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/confirm-invite", UriKind.Relative), new { email, password = Temporary });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }

    [Fact]
    public async Task New_password_for_an_account_Cognito_has_but_the_store_does_not_is_AUTH005_with_no_cookies()
    {
        var email = TestAccounts.NewEmail("outsider");
        var cognito = CognitoAdmin.For(stack.Environment);
        await cognito.AdminCreateUserAsync(email, Temporary, [new("email", email)], CognitoMessageAction.Suppress);

        // Cognito answers the temporary password with its challenge, whoever stores the account.
        string userId, sessionId;
        using (var confirm = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/confirm-invite", UriKind.Relative), new { email, password = Temporary }))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
            var query = HttpUtility.ParseQueryString(confirm.Headers.Location!.Query);
            (userId, sessionId) = (query["userId"]!, query["sessionId"]!);
        }

        using var answered = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/new-password", UriKind.Relative), new { userId, password = TestAccounts.Password, sessionId });
        await Error(answered, HttpStatusCode.NotFound, "AUTH005");
        Assert.Empty(TestAccounts.Cookies(answered));
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Theory]
    [InlineData("/api/auth/session")]
    [InlineData("/api/auth/refresh")]
    public async Task Session_and_refresh_for_an_account_Cognito_has_but_the_store_does_not_are_AUTH005_with_no_cookies(string path)
    {
        var email = TestAccounts.NewEmail("outsider");
        var cognito = CognitoAdmin.For(stack.Environment);
        await cognito.AdminCreateUserAsync(email, Temporary, [new("email", email)], CognitoMessageAction.Suppress);
        await cognito.AdminSetUserPasswordAsync(email, TestAccounts.Password, permanent: true);
        var tokens = (await cognito.SignInAsync(email, TestAccounts.Password)).AuthenticationResult!;

        using var request = ServiceStack.Request(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"id_token={tokens.IdToken}; refresh_token={tokens.RefreshToken}");
        using var response = await stack.Http.SendAsync(request);
        await Error(response, HttpStatusCode.NotFound, "AUTH005");
        Assert.Empty(TestAccounts.Cookies(response));
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Theory]
    [InlineData("""{"firstName":"No"}""", "email")]
    [InlineData("""{"email":"not-an-email","firstName":"Bad"}""", "email")]
    [InlineData("""{"email":"{email}"}""", "firstName")]
    [InlineData("""{"email":"{email}","firstName":"   "}""", "firstName")]
    [InlineData("""{"email":"{email}","firstName":17}""", "firstName")]
    public async Task An_invite_that_does_not_fit_is_422_naming_the_field_and_creates_no_account(string json, string field)
    {
        var admin = await stack.Seeded("admin@example.com");
        var email = TestAccounts.NewEmail("guest");
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/auth/invite", admin.AccessToken, JsonContent(json.Replace("{email}", email, StringComparison.Ordinal)));
        using var response = await stack.Http.SendAsync(request);
        await Invalid(response, field);
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
        Assert.False(await CognitoAdmin.For(stack.Environment).HasAccount(email));
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token, object body)
    {
        using var request = ServiceStack.Request(method, path, token, System.Net.Http.Json.JsonContent.Create(body));
        return await stack.Http.SendAsync(request);
    }
}
