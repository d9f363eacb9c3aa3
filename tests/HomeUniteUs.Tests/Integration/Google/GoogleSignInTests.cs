using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Google;

/// <summary>"Continue with Google" end to end: the stand-in token endpoint, then real moto and PostgreSQL.</summary>
[Collection(GoogleCollection.Name)]
public sealed class GoogleSignInTests(GoogleStack stack)
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/signup/guest")]
    [InlineData("/signup/host")]
    [InlineData("/signup/coordinator")]
    public async Task The_redirect_goes_to_the_hosted_UI_with_the_frontend_callback(string path)
    {
        using var response = await stack.Http.GetAsync(new Uri($"/api/auth/google?redirect_uri={path}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var verifier = TestAccounts.Cookies(response)["google_pkce"];
        var expected = $"{stack.Hosted.Url.ToString().TrimEnd('/')}/oauth2/authorize?client_id={stack.Environment["COGNITO_CLIENT_ID"]}"
            + "&response_type=code&scope=email+openid+profile+phone+aws.cognito.signin.user.admin"
            + $"&redirect_uri={Uri.EscapeDataString("http://localhost:3000" + path)}&identity_provider=Google"
            + $"&code_challenge={TokenEndpointStandIn.S256(verifier)}&code_challenge_method=S256";
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/signin")]
    [InlineData("//evil.example/signin")]
    [InlineData("/signin/../admin")]
    [InlineData("/signup/admin")]
    [InlineData("")]
    public async Task A_redirect_outside_the_frontend_callbacks_is_refused(string redirectUri)
    {
        using var response = await stack.Http.GetAsync(new Uri($"/api/auth/google?redirect_uri={Uri.EscapeDataString(redirectUri)}", UriKind.Relative));
        await Invalid(response, "redirect_uri");
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_callback_outside_the_frontend_callbacks_is_refused_before_any_exchange()
    {
        var exchanges = stack.Hosted.Exchanges;
        var browser = await stack.StartGoogle("/signin");
        using (var signIn = await stack.PostCode("sign_in", "https://evil.example/signin", "any-code", browser))
        {
            await Invalid(signIn, "callback_uri");
        }

        using (var signUp = await stack.PostCode("sign_up", "https://evil.example/signup/guest", "any-code", browser))
        {
            await Invalid(signUp, "callback_uri");
        }

        using (var noCode = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/google/sign_in?callback_uri=/signin", UriKind.Relative), new { }))
        {
            await Invalid(noCode, "code");
        }

        Assert.Equal(exchanges, stack.Hosted.Exchanges);
    }

    [Theory]
    [InlineData("guest", "Guests")]
    [InlineData("host", "Hosts")]
    [InlineData("coordinator", "Coordinators")]
    public async Task A_Google_sign_up_creates_the_user_with_its_role_group_and_signs_in(string role, string group)
    {
        var person = GoogleUser.New("Gia", "Oogle");
        using var response = await stack.Post("sign_up", $"/signup/{role}", person);

        var body = await Json(response, HttpStatusCode.OK);
        var user = body.GetProperty("user");
        Assert.Equal(person.Email, user.GetProperty("email").GetString());
        Assert.Equal("Gia", user.GetProperty("firstName").GetString());
        Assert.Equal("Oogle", user.GetProperty("lastName").GetString());
        Assert.Equal(role, user.GetProperty("role").GetProperty("type").GetString());
        Assert.Equal([group], await stack.Hosted.Groups(person));
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, person.Email));

        // The token carries the group, so the gateway accepts it; the cookies keep the session.
        var current = await stack.Current(body.GetProperty("token").GetString()!);
        Assert.Equal(user.GetProperty("id").GetInt64(), current.GetProperty("id").GetInt64());
        var cookies = TestAccounts.Cookies(response);
        using var session = ServiceStack.Request(HttpMethod.Get, "/api/auth/session");
        session.Headers.Add("Cookie", $"id_token={cookies["id_token"]}; refresh_token={cookies["refresh_token"]}");
        using var refreshed = await stack.Http.SendAsync(session);
        Assert.Equal(person.Email, (await Json(refreshed, HttpStatusCode.OK)).GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Without_a_given_name_the_first_name_is_the_email_local_part()
    {
        var person = GoogleUser.New(givenName: null, familyName: null);
        using var response = await stack.Post("sign_up", "/signup/guest", person);
        var user = (await Json(response, HttpStatusCode.OK)).GetProperty("user");
        Assert.Equal(person.Email.Split('@')[0], user.GetProperty("firstName").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, user.GetProperty("lastName").ValueKind);
    }

    [Theory]
    [InlineData("/signup/admin", "You cannot sign up as an admin")]
    [InlineData("/signup/superuser", "You can sign up as a guest, a host or a coordinator only")]
    [InlineData("/signin", "You can sign up as a guest, a host or a coordinator only")]
    public async Task A_Google_sign_up_with_a_refused_role_removes_the_federated_user(string callback, string message)
    {
        var person = GoogleUser.New();
        using var response = await stack.Post("sign_up", callback, person);

        var error = await Error(response, HttpStatusCode.Forbidden, "ROLE_NOT_ALLOWED");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.False(await stack.Hosted.Exists(person));
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, person.Email));
    }

    [Fact]
    public async Task A_known_Google_user_signs_in_again()
    {
        var person = GoogleUser.New();
        long id;
        using (var signUp = await stack.Post("sign_up", "/signup/host", person))
        {
            id = (await Json(signUp, HttpStatusCode.OK)).GetProperty("user").GetProperty("id").GetInt64();
        }

        using var signIn = await stack.Post("sign_in", "/signin", person);
        var body = await Json(signIn, HttpStatusCode.OK);
        Assert.Equal(id, body.GetProperty("user").GetProperty("id").GetInt64());
        Assert.Equal("host", body.GetProperty("user").GetProperty("role").GetProperty("type").GetString());
        Assert.Equal(id, (await stack.Current(body.GetProperty("token").GetString()!)).GetProperty("id").GetInt64());
        Assert.Contains("id_token", TestAccounts.Cookies(signIn).Keys);
    }

    [Fact]
    public async Task A_person_who_signed_up_with_a_password_signs_in_with_Google_of_the_same_email()
    {
        var account = await TestAccounts.SignUp(stack, "coordinator");
        var person = new GoogleUser(account.Email.ToUpperInvariant(), "Co", "Ordinator");

        using var signIn = await stack.Post("sign_in", "/signin", person);
        var body = await Json(signIn, HttpStatusCode.OK);
        Assert.Equal(account.UserId, body.GetProperty("user").GetProperty("id").GetInt64());
        Assert.Equal(["Coordinators"], await stack.Hosted.Groups(person));
        Assert.Equal(account.UserId, (await stack.Current(body.GetProperty("token").GetString()!)).GetProperty("id").GetInt64());

        using var signUp = await stack.Post("sign_up", "/signup/guest", person);
        await Error(signUp, HttpStatusCode.BadRequest, "USER_EXISTS");
    }

    [Fact]
    public async Task An_unknown_Google_user_is_removed_from_Cognito_and_told_to_sign_up()
    {
        var person = GoogleUser.New();
        using var response = await stack.Post("sign_in", "/signin", person);

        var error = await Error(response, HttpStatusCode.NotFound, "AUTH002");
        Assert.Equal("No account for this Google user: sign up first", error.GetProperty("message").GetString());
        Assert.False(await stack.Hosted.Exists(person));
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, person.Email));
    }

    [Fact]
    public async Task A_refused_a_reused_or_a_misdirected_code_is_OAUTH_INVALID_CODE()
    {
        using (var unknown = await stack.PostCode("sign_in", "/signin", "not-a-code-the-hosted-ui-issued", await stack.StartGoogle("/signin")))
        {
            await Error(unknown, HttpStatusCode.BadRequest, "OAUTH_INVALID_CODE");
        }

        var person = GoogleUser.New();
        var browser = await stack.StartGoogle("/signup/guest");
        var code = await stack.Hosted.IssueCode(person, browser.AuthorizeUrl);
        using (var first = await stack.PostCode("sign_up", "/signup/guest", code, browser))
        {
            await Json(first, HttpStatusCode.OK);
        }

        using (var reused = await stack.PostCode("sign_up", "/signup/guest", code, browser))
        {
            await Error(reused, HttpStatusCode.BadRequest, "OAUTH_INVALID_CODE");
        }

        // Issued for the sign-up page, posted from the sign-in page: the redirect URI does not match.
        var signUpPage = await stack.StartGoogle("/signup/guest");
        var misdirected = await stack.Hosted.IssueCode(person, signUpPage.AuthorizeUrl);
        using (var wrongPage = await stack.PostCode("sign_in", "/signin", misdirected, signUpPage))
        {
            await Error(wrongPage, HttpStatusCode.BadRequest, "OAUTH_INVALID_CODE");
        }
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_503_and_changes_nothing()
    {
        var person = GoogleUser.New();
        stack.Hosted.Down = true;
        try
        {
            using var response = await stack.Post("sign_up", "/signup/guest", person);
            await Error(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.True(response.Headers.Contains("Retry-After"));
        }
        finally
        {
            stack.Hosted.Down = false;
        }

        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, person.Email));
        using var later = await stack.Post("sign_up", "/signup/guest", person);
        await Json(later, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Concurrent_Google_sign_ups_of_one_person_make_one_account()
    {
        var person = GoogleUser.New();
        var browsers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => stack.StartGoogle("/signup/host")));
        var codes = await Task.WhenAll(browsers.Select(browser => stack.Hosted.IssueCode(person, browser.AuthorizeUrl)));

        var responses = await Task.WhenAll(codes.Select((code, i) => stack.PostCode("sign_up", "/signup/host", code, browsers[i])));
        var answers = new List<string>();
        foreach (var response in responses)
        {
            answers.Add(response.IsSuccessStatusCode ? "OK" : (await Json(response, response.StatusCode)).GetProperty("code").GetString()!);
            response.Dispose();
        }

        Assert.Equal(1, answers.Count(a => a == "OK"));
        Assert.All(answers.Where(a => a != "OK"), a => Assert.Equal("USER_EXISTS", a));
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, person.Email));
        Assert.True(await stack.Hosted.Exists(person));
    }

    [Theory]
    [InlineData("sign_in", "/signin")]
    [InlineData("sign_up", "/signup/guest")]
    public async Task A_Google_account_without_an_email_is_400_and_its_federated_user_is_deleted(string route, string callback)
    {
        var person = new GoogleUser(string.Empty, "No", "Mail");

        using var response = await stack.Post(route, callback, person);

        var error = await Error(response, HttpStatusCode.BadRequest, "AUTH009");
        Assert.Equal("The Google account has no email address", error.GetProperty("message").GetString());
        Assert.DoesNotContain("id_token", TestAccounts.Cookies(response).Keys);
        Assert.False(await stack.Hosted.Exists(person));
        Assert.Equal(0, await StoredUsers.RowsMentioning(stack.ConnectionString, person.Username));
    }
}
