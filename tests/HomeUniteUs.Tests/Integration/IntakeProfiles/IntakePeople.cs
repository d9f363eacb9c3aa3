using System.Net;
using System.Net.Http.Json;
using System.Web;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>Real accounts for the intake tests, made through the API: seeded admin, fresh sign-ups, and invited guests.</summary>
internal static class IntakePeople
{
    public const string SeededAdmin = "admin@example.com";

    public static Task<TestAccount> Admin(ServiceStack stack) => stack.Seeded(SeededAdmin);

    public static Task<TestAccount> NewGuest(ServiceStack stack) => TestAccounts.SignUp(stack, "guest");

    public static Task<TestAccount> NewHost(ServiceStack stack) => TestAccounts.SignUp(stack, "host");

    public static Task<TestAccount> NewCoordinator(ServiceStack stack) => TestAccounts.SignUp(stack, "coordinator");

    /// <summary>
    /// A guest invited by <paramref name="coordinator"/>, so the guest's case is theirs, signed in as the invite
    /// flow does it: confirm-invite with the temporary password, then new-password. The invite mail is not sent
    /// by moto, so the test sets a known temporary password in moto first.
    /// </summary>
    public static async Task<TestAccount> InvitedGuest(ServiceStack stack, TestAccount coordinator)
    {
        var email = TestAccounts.NewEmail("guest");
        using (var invite = ServiceStack.Request(HttpMethod.Post, "/api/auth/invite", coordinator.AccessToken,
            JsonContent.Create(new { email, firstName = "Invited", lastName = "Guest" })))
        using (var invited = await stack.Http.SendAsync(invite))
        {
            await ApiAssert.Json(invited, HttpStatusCode.OK);
        }

        const string temporary = "Temp0rary!Pass";
        await CognitoAdmin.For(stack.Environment).AdminSetUserPasswordAsync(email, temporary, permanent: false);

        string userId, sessionId;
        using (var confirm = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/confirm-invite", UriKind.Relative), new { email, password = temporary }))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
            var query = HttpUtility.ParseQueryString(confirm.Headers.Location!.Query);
            userId = query["userId"]!;
            sessionId = query["sessionId"]!;
        }

        using var signedIn = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/new-password", UriKind.Relative),
            new { userId, password = TestAccounts.Password, sessionId });
        var body = await ApiAssert.Json(signedIn, HttpStatusCode.OK);
        var user = body.GetProperty("user");
        var cookies = TestAccounts.Cookies(signedIn);
        return new TestAccount(
            user.GetProperty("id").GetInt64(),
            email,
            TestAccounts.Password,
            user.GetProperty("role").GetProperty("type").GetString()!,
            body.GetProperty("token").GetString()!,
            cookies.GetValueOrDefault("id_token", ""),
            cookies.GetValueOrDefault("refresh_token", ""));
    }
}
