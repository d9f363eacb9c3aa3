using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Access;

[Collection(GatewayCollection.Name)]
public class SessionTests(ServiceStack stack)
{
    private static HttpRequestMessage WithCookies(HttpMethod method, string path, TestAccount account, string? bearer = null)
    {
        var request = ServiceStack.Request(method, path, bearer);
        request.Headers.Add("Cookie", $"id_token={account.IdToken}; refresh_token={account.RefreshToken}");
        return request;
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        using (request)
        {
            return await stack.Http.SendAsync(request);
        }
    }

    [Fact]
    public async Task Session_from_cookies_returns_the_user_and_fresh_tokens_that_work()
    {
        var account = await TestAccounts.SignUp(stack, "coordinator");
        using var session = await Send(WithCookies(HttpMethod.Get, "/api/auth/session", account));
        var body = await Json(session, HttpStatusCode.OK);
        Assert.Equal(account.UserId, body.GetProperty("user").GetProperty("id").GetInt64());
        Assert.Equal("coordinator", body.GetProperty("user").GetProperty("role").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("id_token").GetString()));
        Assert.Equal(account.RefreshToken, body.GetProperty("refresh_token").GetString());

        using var secret = await Send(ServiceStack.Request(HttpMethod.Get, "/api/auth/secret", body.GetProperty("token").GetString()));
        Assert.Equal(HttpStatusCode.OK, secret.StatusCode);
    }

    [Fact]
    public async Task Refresh_returns_new_tokens_without_the_user()
    {
        var account = await TestAccounts.SignUp(stack, "host");
        using var refresh = await Send(WithCookies(HttpMethod.Get, "/api/auth/refresh", account));
        var body = await Json(refresh, HttpStatusCode.OK);
        Assert.False(body.TryGetProperty("user", out _));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("id_token").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refresh_token").GetString()));
    }

    [Theory]
    [InlineData("/api/auth/session")]
    [InlineData("/api/auth/refresh")]
    public async Task Session_routes_without_cookies_or_with_a_forged_id_token_are_401(string path)
    {
        using (var none = await stack.Http.GetAsync(new Uri(path, UriKind.Relative)))
        {
            var body = await Error(none, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
            Assert.Equal("Missing refresh token or id token", body.GetProperty("message").GetString());
        }

        var forged = TestTokens.Access(stack.Environment, "hosta@example.com", ["Hosts"], tokenUse: "id", signingKey: TestTokens.ForeignKey());
        using var request = ServiceStack.Request(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"id_token={forged}; refresh_token=whatever");
        using var response = await stack.Http.SendAsync(request);
        await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Sign_out_revokes_the_token_everywhere_and_clears_the_cookies()
    {
        var account = await TestAccounts.SignUp(stack, "guest");
        using (var before = await Send(ServiceStack.Request(HttpMethod.Get, "/api/users/current", account.AccessToken)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var signOut = await Send(ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", account.AccessToken)))
        {
            Assert.Equal("User signed out successfully", (await Json(signOut, HttpStatusCode.OK)).GetProperty("message").GetString());
            var cleared = signOut.Headers.GetValues("Set-Cookie").ToList();
            Assert.Contains(cleared, c => c.StartsWith("id_token=;", StringComparison.Ordinal) && c.Contains("expires=", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(cleared, c => c.StartsWith("refresh_token=;", StringComparison.Ordinal));
        }

        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/auth/secret"), (HttpMethod.Get, "/api/users/current"), (HttpMethod.Delete, "/api/housing-orgs/999999"), (HttpMethod.Post, "/api/auth/signout") })
        {
            using var after = await Send(ServiceStack.Request(method, path, account.AccessToken));
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }

        // Cognito revoked the refresh token too.
        using var refresh = await Send(WithCookies(HttpMethod.Get, "/api/auth/refresh", account));
        await Error(refresh, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");

        // Signing in again works at once.
        var again = await TestAccounts.SignIn(stack, account.Email, account.Password);
        using var fresh = await Send(ServiceStack.Request(HttpMethod.Get, "/api/auth/secret", again.AccessToken));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task After_sign_out_the_sessions_id_token_and_refresh_token_are_refused_wherever_a_route_takes_them()
    {
        var account = await TestAccounts.SignUp(stack, "host");
        using (var signOut = await Send(ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", account.AccessToken)))
        {
            await Json(signOut, HttpStatusCode.OK);
        }

        var cookieOnly = ServiceStack.Request(HttpMethod.Get, "/api/users/current");
        cookieOnly.Headers.Add("Cookie", $"id_token={account.IdToken}");
        using (var current = await Send(cookieOnly))
        {
            await Error(current, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        foreach (var path in new[] { "/api/auth/session", "/api/auth/refresh" })
        {
            using var refused = await Send(WithCookies(HttpMethod.Get, path, account));
            var body = await Error(refused, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
            Assert.Equal("Invalid token", body.GetProperty("message").GetString());
        }

        // A new session of the same person, even within the sign-out's second, is not caught by the old one's revocation.
        var again = await TestAccounts.SignIn(stack, account.Email, account.Password);
        var newCookie = ServiceStack.Request(HttpMethod.Get, "/api/users/current");
        newCookie.Headers.Add("Cookie", $"id_token={again.IdToken}");
        using (var current = await Send(newCookie))
        {
            Assert.Equal(account.UserId, (await Json(current, HttpStatusCode.OK)).GetProperty("id").GetInt64());
        }

        using var session = await Send(WithCookies(HttpMethod.Get, "/api/auth/session", again));
        await Json(session, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_out_without_a_valid_token_is_AUTH001()
    {
        using (var none = await Send(ServiceStack.Request(HttpMethod.Post, "/api/auth/signout")))
        {
            await Error(none, HttpStatusCode.Unauthorized, "AUTH001");
        }

        using var forged = await Send(ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", TestTokens.Access(stack.Environment, "x@example.com", ["Guests"], signingKey: TestTokens.ForeignKey())));
        await Error(forged, HttpStatusCode.Unauthorized, "AUTH001");
    }

    [Fact]
    public async Task Current_user_by_bearer_by_cookie_or_neither()
    {
        var account = await stack.Seeded("hostc@example.com");
        using (var bearer = await Send(ServiceStack.Request(HttpMethod.Get, "/api/users/current", account.AccessToken)))
        {
            var user = await Json(bearer, HttpStatusCode.OK);
            Assert.Equal("hostc@example.com", user.GetProperty("email").GetString());
            Assert.Equal("host", user.GetProperty("firstName").GetString());
            Assert.Equal("c", user.GetProperty("lastName").GetString());
        }

        var cookieOnly = ServiceStack.Request(HttpMethod.Get, "/api/users/current");
        cookieOnly.Headers.Add("Cookie", $"id_token={account.IdToken}");
        using (var byCookie = await Send(cookieOnly))
        {
            Assert.Equal(account.UserId, (await Json(byCookie, HttpStatusCode.OK)).GetProperty("id").GetInt64());
        }

        using var neither = await Send(ServiceStack.Request(HttpMethod.Get, "/api/users/current"));
        var body = await Error(neither, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("Missing id token", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Forgot_password_then_confirm_changes_the_password()
    {
        var account = await TestAccounts.SignUp(stack, "host");
        using (var forgot = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/forgot-password", UriKind.Relative), new { email = account.Email }))
        {
            Assert.Equal("Password reset instructions sent", (await Json(forgot, HttpStatusCode.OK)).GetProperty("message").GetString());
        }

        const string newPassword = "N3w!Password-x";
        using (var confirm = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/forgot-password/confirm", UriKind.Relative), new { email = account.Email, code = "123456", password = newPassword }))
        {
            Assert.Equal("Password reset successful", (await Json(confirm, HttpStatusCode.OK)).GetProperty("message").GetString());
        }

        using (var old = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/signin", UriKind.Relative), new { email = account.Email, password = account.Password }))
        {
            await Error(old, HttpStatusCode.Unauthorized, "AUTH001");
        }

        await TestAccounts.SignIn(stack, account.Email, newPassword);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_unknown_emails_and_bad_codes_pass_Cognitos_error_through()
    {
        using (var unknown = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/forgot-password", UriKind.Relative), new { email = TestAccounts.NewEmail("nobody") }))
        {
            await Json(unknown, HttpStatusCode.OK);
        }

        var account = await TestAccounts.SignUp(stack, "guest");
        using var wrong = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/forgot-password/confirm", UriKind.Relative),
            new { email = account.Email, code = "moto-confirmation-code:wrong", password = "N3w!Password-x" });
        var body = await Json(wrong, HttpStatusCode.BadRequest);
        Assert.StartsWith("COGNITO_", body.GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirming_a_reset_for_an_unknown_email_answers_exactly_as_a_wrong_code_does()
    {
        var account = await TestAccounts.SignUp(stack, "guest");
        var known = await ConfirmReset(account.Email, "moto-confirmation-code:wrong");
        var unknown = await ConfirmReset(TestAccounts.NewEmail("nobody"), "123456");
        Assert.Equal((400, "COGNITO_CodeMismatchException"), (unknown.Status, unknown.Code));
        Assert.Equal(known, unknown);
        Assert.DoesNotContain(stack.Environment["COGNITO_CLIENT_ID"], unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_password_with_a_session_Cognito_does_not_know_is_400_for_known_and_unknown_emails_and_subs_alike()
    {
        var account = await TestAccounts.SignUp(stack, "guest");
        var answers = new List<(int, string, string)>();
        foreach (var userId in new[] { account.Email, TestAccounts.NewEmail("nobody"), Guid.NewGuid().ToString() })
        {
            using var response = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/new-password", UriKind.Relative),
                new { userId, password = "N3w!Password-x", sessionId = "garbage-garbage-garbage-garbage" });
            var body = await Json(response, HttpStatusCode.BadRequest);
            answers.Add((body.GetProperty("status").GetInt32(), body.GetProperty("code").GetString()!, body.GetProperty("message").GetString()!));
        }

        Assert.Equal("COGNITO_NotAuthorizedException", answers[0].Item2);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
    }

    private async Task<(int Status, string Code, string Message)> ConfirmReset(string email, string code)
    {
        using var response = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/forgot-password/confirm", UriKind.Relative),
            new { email, code, password = "N3w!Password-x" });
        var body = await Json(response, HttpStatusCode.BadRequest);
        return (body.GetProperty("status").GetInt32(), body.GetProperty("code").GetString()!, body.GetProperty("message").GetString()!);
    }
}
