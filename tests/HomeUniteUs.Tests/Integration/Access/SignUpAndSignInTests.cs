using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Access;

[Collection(GatewayCollection.Name)]
public sealed class SignUpAndSignInTests(ServiceStack stack)
{
    private Task<HttpResponseMessage> Post(string path, object body) =>
        stack.Http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    [Theory]
    [InlineData("guest", 2)]
    [InlineData("host", 3)]
    [InlineData("coordinator", 4)]
    public async Task Sign_up_confirm_and_sign_in_give_the_user_a_token_and_cookies(string role, int roleId)
    {
        var email = TestAccounts.NewEmail(role);
        using (var signUp = await Post("/api/auth/signup", new { email = "  " + email + " ", password = TestAccounts.Password, firstName = " Ann ", middleName = (string?)null, lastName = "Lee", role }))
        {
            Assert.Equal("User sign up successful", (await Json(signUp, HttpStatusCode.OK)).GetProperty("message").GetString());
        }

        using (var unconfirmed = await Post("/api/auth/signin", new { email, password = TestAccounts.Password }))
        {
            await Error(unconfirmed, HttpStatusCode.BadRequest, "AUTH003");
        }

        using (var confirm = await stack.Http.GetAsync(new Uri($"/api/auth/signup/confirm?code=123456&email={Uri.EscapeDataString(email)}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
            Assert.Equal("http://localhost:3000/email-verification-success", confirm.Headers.Location!.ToString());
        }

        using var signIn = await Post("/api/auth/signin", new { email = email.ToUpperInvariant(), password = TestAccounts.Password });
        var body = await Json(signIn, HttpStatusCode.OK);
        var user = body.GetProperty("user");
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("Ann", user.GetProperty("firstName").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, user.GetProperty("middleName").ValueKind);
        Assert.Equal("Lee", user.GetProperty("lastName").GetString());
        Assert.Equal(roleId, user.GetProperty("role").GetProperty("id").GetInt32());
        Assert.Equal(role, user.GetProperty("role").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));

        var setCookies = signIn.Headers.GetValues("Set-Cookie").ToList();
        foreach (var name in new[] { "id_token", "refresh_token" })
        {
            var cookie = Assert.Single(setCookies, c => c.StartsWith(name + "=", StringComparison.Ordinal)).ToLowerInvariant();
            Assert.Contains("httponly", cookie, StringComparison.Ordinal);
            Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
            Assert.Contains("path=/", cookie, StringComparison.Ordinal);
            Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
        }

        using var secret = ServiceStack.Request(HttpMethod.Get, "/api/auth/secret", body.GetProperty("token").GetString());
        using var secretResponse = await stack.Http.SendAsync(secret);
        Assert.Equal("Welcome, this is a protected route", (await Json(secretResponse, HttpStatusCode.OK)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Sign_up_of_an_existing_email_in_any_letter_case_is_USER_EXISTS()
    {
        var account = await TestAccounts.SignUp(stack, "host");
        using var again = await Post("/api/auth/signup", new { email = account.Email.ToUpperInvariant(), password = TestAccounts.Password, firstName = "X", role = "guest" });
        await Error(again, HttpStatusCode.BadRequest, "USER_EXISTS");
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, account.Email));
    }

    [Fact]
    public async Task Self_sign_up_as_admin_is_refused()
    {
        var email = TestAccounts.NewEmail("admin");
        using var response = await Post("/api/auth/signup", new { email, password = TestAccounts.Password, firstName = "X", role = "admin" });
        await Error(response, HttpStatusCode.Forbidden, "ROLE_NOT_ALLOWED");
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
        Assert.False(await CognitoAdmin.For(stack.Environment).HasAccount(email));
    }

    [Fact]
    public async Task A_weak_password_leaves_nothing_behind_and_the_email_stays_free()
    {
        var email = TestAccounts.NewEmail("guest");
        using (var weak = await Post("/api/auth/signup", new { email, password = "weak", firstName = "X", role = "guest" }))
        {
            var body = await Error(weak, HttpStatusCode.BadRequest, "COGNITO_InvalidPasswordException");
            Assert.StartsWith("Failed to create user", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
        Assert.False(await CognitoAdmin.For(stack.Environment).HasAccount(email));
        await TestAccounts.SignUp(stack, "guest", email);
    }

    [Fact]
    public async Task Sign_in_errors_have_their_codes()
    {
        using (var unknown = await Post("/api/auth/signin", new { email = TestAccounts.NewEmail("nobody"), password = TestAccounts.Password }))
        {
            await Error(unknown, HttpStatusCode.NotFound, "AUTH002");
        }

        using var wrong = await Post("/api/auth/signin", new { email = "hostb@example.com", password = "Wrong-Passw0rd!" });
        await Error(wrong, HttpStatusCode.Unauthorized, "AUTH001");
    }

    [Fact]
    public async Task An_account_in_Cognito_but_not_in_the_store_is_AUTH005()
    {
        var email = TestAccounts.NewEmail("outsider");
        var cognito = CognitoAdmin.For(stack.Environment);
        await cognito.AdminCreateUserAsync(email, TestAccounts.Password, [new("email", email)], HomeUniteUs.Grains.Access.Cognito.CognitoMessageAction.Suppress);
        await cognito.AdminSetUserPasswordAsync(email, TestAccounts.Password, permanent: true);
        using var response = await Post("/api/auth/signin", new { email, password = TestAccounts.Password });
        await Error(response, HttpStatusCode.NotFound, "AUTH005");

        // Signing up that email must not delete the account it does not own.
        using var signUp = await Post("/api/auth/signup", new { email, password = TestAccounts.Password, firstName = "X", role = "guest" });
        await Error(signUp, HttpStatusCode.BadRequest, "USER_EXISTS");
        Assert.True(await cognito.HasAccount(email));
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Fact]
    public async Task Confirming_an_unknown_email_redirects_to_the_error_page_with_Cognitos_error_name()
    {
        using var response = await stack.Http.GetAsync(new Uri($"/api/auth/signup/confirm?code=1&email={TestAccounts.NewEmail("nobody")}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost:3000/email-verification-error?code=UserNotFoundException", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Resending_a_code_to_an_unknown_email_is_AUTH002()
    {
        using var response = await Post("/api/auth/resend_confirmation_code", new { email = TestAccounts.NewEmail("nobody") });
        await Error(response, HttpStatusCode.NotFound, "AUTH002");
    }

    [Fact]
    public async Task Resending_a_code_reports_Cognitos_failure_in_the_error_shape()
    {
        // moto 5.2 does not implement ResendConfirmationCode (HTTP 500 with an HTML body): the API
        // must turn that into AUTH999, not leak the page or crash.
        var email = TestAccounts.NewEmail("guest");
        using (var signUp = await Post("/api/auth/signup", new { email, password = TestAccounts.Password, firstName = "X", role = "guest" }))
        {
            await Json(signUp, HttpStatusCode.OK);
        }

        using var response = await Post("/api/auth/resend_confirmation_code", new { email });
        var body = await Error(response, HttpStatusCode.InternalServerError, "AUTH999");
        Assert.DoesNotContain("<", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_concurrent_sign_ups_of_one_email_make_exactly_one_account()
    {
        var email = TestAccounts.NewEmail("race");
        var variants = Enumerable.Range(0, 20).Select(i => i % 3 == 0 ? email.ToUpperInvariant() : i % 3 == 1 ? " " + email : email).ToList();
        var responses = await Task.WhenAll(variants.Select(v => Post("/api/auth/signup", new { email = v, password = TestAccounts.Password, firstName = "Race", role = "host" })));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await Error(refused, HttpStatusCode.BadRequest, "USER_EXISTS");
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
        Assert.True(await CognitoAdmin.For(stack.Environment).HasAccount(email));
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "/api/auth/signup", """{"password":"Str0ng!Passw0rd","firstName":"A","role":"guest"}""", "email" },
        { "/api/auth/signup", """{"email":"not-an-email","password":"Str0ng!Passw0rd","firstName":"A","role":"guest"}""", "email" },
        { "/api/auth/signup", """{"email":"a@example.com","password":"Str0ng!Passw0rd","firstName":"   ","role":"guest"}""", "firstName" },
        { "/api/auth/signup", """{"email":"a@example.com","password":"Str0ng!Passw0rd","firstName":"A","role":"pilot"}""", "role" },
        { "/api/auth/signup", """{"email":"a@example.com","password":12,"firstName":"A","role":"guest"}""", "password" },
        { "/api/auth/signup", """{"email":"a@example.com","password":"x","firstName":"A","lastName":5,"role":"guest"}""", "lastName" },
        { "/api/auth/signup", """{"email":"a@example.com","password":"Str0ng!Passw0rd","firstName":"A\u0000","role":"guest"}""", "firstName" },
        { "/api/auth/signup", """{"email":"a@example.com","password":"\ud800","firstName":"A","role":"guest"}""", "password" },
        { "/api/auth/signin", """{"email":"a@example.com"}""", "password" },
        { "/api/auth/signin", """{"email":["a@example.com"],"password":"x"}""", "email" },
        { "/api/auth/signin", """not json""", "body" },
        { "/api/auth/resend_confirmation_code", """{}""", "email" },
        { "/api/auth/forgot-password", """{"email":"nope"}""", "email" },
        { "/api/auth/forgot-password/confirm", """{"email":"a@example.com","password":"x"}""", "code" },
        { "/api/auth/confirm-invite", """{"email":"a@example.com"}""", "password" },
        { "/api/auth/new-password", """{"userId":"x","password":"y"}""", "sessionId" },
        { "/api/auth/new-password", """[]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_bodies_are_422_naming_the_field(string path, string json, string field)
    {
        using var response = await stack.Http.PostAsync(new Uri(path, UriKind.Relative), JsonContent(json));
        await Invalid(response, field);
    }

    [Theory]
    [InlineData("/api/auth/signup/confirm?email=a@example.com", "code")]
    [InlineData("/api/auth/signup/confirm?code=1&email=not-an-email", "email")]
    [InlineData("/api/auth/signup/confirm?code=%20&email=a@example.com", "code")]
    [InlineData("/api/auth/confirm-invite?email=a@example.com", "password")]
    [InlineData("/api/auth/confirm-invite?email=a@example.com&password=", "password")]
    [InlineData("/api/auth/confirm-invite?password=x", "email")]
    public async Task Bad_query_parameters_are_422_naming_the_parameter(string url, string field)
    {
        using var response = await stack.Http.GetAsync(new Uri(url, UriKind.Relative));
        await Invalid(response, field);
    }

    [Fact]
    public async Task A_one_character_first_name_is_valid()
    {
        var account = await TestAccounts.SignUp(stack, "guest", firstName: "J");
        using var request = ServiceStack.Request(HttpMethod.Get, "/api/users/current", account.AccessToken);
        using var response = await stack.Http.SendAsync(request);
        Assert.Equal("J", (await Json(response, HttpStatusCode.OK)).GetProperty("firstName").GetString());
    }
}
