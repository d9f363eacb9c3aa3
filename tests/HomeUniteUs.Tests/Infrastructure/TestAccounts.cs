using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>A signed-in person: what sign-in answered and set.</summary>
public sealed record TestAccount(long UserId, string Email, string Password, string Role, string AccessToken, string IdToken, string RefreshToken);

/// <summary>Makes real accounts through the API (sign-up, confirm, sign-in) against real Cognito (moto).</summary>
public static class TestAccounts
{
    public const string SeedPassword = "Test123!";
    public const string Password = "Str0ng!Passw0rd";

    public static string NewEmail(string role) => $"{role}.{Guid.NewGuid():N}@example.com";

    /// <summary>Signs up a guest, host or coordinator, confirms the email and signs in.</summary>
    public static async Task<TestAccount> SignUp(ServiceStack stack, string role, string? email = null, string firstName = "Test", string lastName = "Person")
    {
        email ??= NewEmail(role);
        using (var signUp = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/signup", UriKind.Relative),
            new { email, password = Password, firstName, lastName, role }))
        {
            await ApiAssert.Json(signUp, HttpStatusCode.OK);
        }

        using (var confirm = await stack.Http.GetAsync(new Uri($"/api/auth/signup/confirm?code=123456&email={Uri.EscapeDataString(email)}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        }

        return await SignIn(stack, email, Password);
    }

    /// <summary>Signs in (the seeded users have <see cref="SeedPassword"/>).</summary>
    public static async Task<TestAccount> SignIn(ServiceStack stack, string email, string password = SeedPassword)
    {
        using var response = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/signin", UriKind.Relative), new { email, password });
        var body = await ApiAssert.Json(response, HttpStatusCode.OK);
        var cookies = Cookies(response);
        var user = body.GetProperty("user");
        return new TestAccount(
            user.GetProperty("id").GetInt64(),
            user.GetProperty("email").GetString()!,
            password,
            user.GetProperty("role").GetProperty("type").GetString()!,
            body.GetProperty("token").GetString()!,
            cookies["id_token"],
            cookies["refresh_token"]);
    }

    /// <summary>
    /// A guest invited by <paramref name="coordinator"/>, so the guest's case is theirs, signed in as the invite
    /// flow does it: confirm-invite with the temporary password, then new-password. The invite mail is not sent
    /// by moto, so the test sets a known temporary password in moto first.
    /// </summary>
    public static async Task<TestAccount> Invited(ServiceStack stack, TestAccount coordinator)
    {
        var email = NewEmail("guest");
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

    /// <summary>The cookies a response sets, by name (value only).</summary>
    public static Dictionary<string, string> Cookies(HttpResponseMessage response)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            foreach (var header in headers)
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                cookies[pair[..eq]] = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return cookies;
    }

    public static JsonElement User(JsonElement body) => body.GetProperty("user");
}
