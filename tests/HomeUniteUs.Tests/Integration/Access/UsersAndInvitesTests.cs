using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Access;

[Collection(GatewayCollection.Name)]
public class UsersAndInvitesTests(ServiceStack stack)
{
    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token = null, object? body = null)
    {
        using var request = ServiceStack.Request(method, path, token, body is null ? null : System.Net.Http.Json.JsonContent.Create(body));
        return await stack.Http.SendAsync(request);
    }

    [Fact]
    public async Task An_invited_guest_sets_a_password_and_is_signed_in_as_a_guest()
    {
        var coordinator = await stack.Seeded("coordinatorb@example.com");
        var guest = await TestAccounts.Invited(stack, coordinator);
        Assert.Equal("guest", guest.Role);
        Assert.False(string.IsNullOrEmpty(guest.IdToken));
        Assert.False(string.IsNullOrEmpty(guest.RefreshToken));

        using var current = await Send(HttpMethod.Get, "/api/users/current", guest.AccessToken);
        var user = await Json(current, HttpStatusCode.OK);
        Assert.Equal("Invited", user.GetProperty("firstName").GetString());
        Assert.Equal(2, user.GetProperty("role").GetProperty("id").GetInt32());

        // The invite made the guest's case, owned by the inviting coordinator.
        using var guestCase = await Send(HttpMethod.Get, $"/api/coordinator/cases/{guest.UserId}", coordinator.AccessToken);
        var body = await Json(guestCase, HttpStatusCode.OK);
        Assert.Equal(coordinator.UserId, body.GetProperty("coordinatorId").GetInt64());

        // Once the password is set, the invite link no longer works.
        using var again = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/confirm-invite", UriKind.Relative), new { email = guest.Email, password = guest.Password });
        await Error(again, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task The_invite_link_by_GET_redirects_to_create_password()
    {
        var coordinator = await stack.Seeded("coordinatorc@example.com");
        var email = TestAccounts.NewEmail("guest");
        using (var invited = await Send(HttpMethod.Post, "/api/auth/invite", coordinator.AccessToken, new { email, firstName = "Link" }))
        {
            Assert.Equal("Invitation sent", (await Json(invited, HttpStatusCode.OK)).GetProperty("message").GetString());
        }

        const string temporary = "Temp0rary!Pass";
        await CognitoAdmin.For(stack.Environment).AdminSetUserPasswordAsync(email, temporary, permanent: false);
        using var link = await stack.Http.GetAsync(new Uri($"/api/auth/confirm-invite?email={Uri.EscapeDataString(email)}&password={Uri.EscapeDataString(temporary)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var location = link.Headers.Location!.ToString();
        Assert.StartsWith("http://localhost:3000/create-password?userId=", location, StringComparison.Ordinal);
        Assert.Contains("&sessionId=", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inviting_an_existing_email_is_USER_EXISTS_and_only_coordinators_and_admins_invite()
    {
        var body = new { email = "hostd@example.com", firstName = "Dup" };
        using (var existing = await Send(HttpMethod.Post, "/api/auth/invite", (await stack.Seeded("admin@example.com")).AccessToken, body))
        {
            await Error(existing, HttpStatusCode.BadRequest, "USER_EXISTS");
        }

        var fresh = new { email = TestAccounts.NewEmail("guest"), firstName = "Nope" };
        using (var anonymous = await Send(HttpMethod.Post, "/api/auth/invite", null, fresh))
        {
            await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        foreach (var email in new[] { "guestd@example.com", "hostd@example.com" })
        {
            using var refused = await Send(HttpMethod.Post, "/api/auth/invite", (await stack.Seeded(email)).AccessToken, fresh);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, fresh.email));
    }

    [Fact]
    public async Task Hosts_lists_every_host_and_nothing_else()
    {
        var host = await TestAccounts.SignUp(stack, "host");
        var coordinator = await stack.Seeded("coordinatore@example.com");
        List<System.Text.Json.JsonElement> hosts = [];
        for (var attempt = 0; attempt < 40 && !hosts.Any(h => h.GetProperty("id").GetInt64() == host.UserId); attempt++)
        {
            using var response = await Send(HttpMethod.Get, "/api/hosts", coordinator.AccessToken);
            hosts = [.. (await Json(response, HttpStatusCode.OK)).EnumerateArray()];
            await Task.Delay(100);
        }

        Assert.Contains(hosts, h => h.GetProperty("id").GetInt64() == host.UserId);
        Assert.All(hosts, h => Assert.Equal("host", h.GetProperty("role").GetProperty("type").GetString()));
        Assert.Contains(hosts, h => h.GetProperty("email").GetString() == "hostz@example.com");

        using var asAdmin = await Send(HttpMethod.Get, "/api/hosts", (await stack.Seeded("admin@example.com")).AccessToken);
        await Json(asAdmin, HttpStatusCode.OK);
        foreach (var email in new[] { "guesta@example.com", "hosta@example.com" })
        {
            using var refused = await Send(HttpMethod.Get, "/api/hosts", (await stack.Seeded(email)).AccessToken);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using var anonymous = await Send(HttpMethod.Get, "/api/hosts");
        await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task An_admin_deletes_a_user_from_Cognito_and_the_store()
    {
        var host = await TestAccounts.SignUp(stack, "host");
        var admin = await stack.Seeded("admin@example.com");
        using (var deleted = await Send(HttpMethod.Delete, $"/api/users/{host.UserId}", admin.AccessToken))
        {
            Assert.Equal("User deleted successfully", (await Json(deleted, HttpStatusCode.OK)).GetProperty("message").GetString());
        }

        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, host.Email));
        Assert.False(await CognitoAdmin.For(stack.Environment).HasAccount(host.Email));
        using (var token = await Send(HttpMethod.Get, "/api/auth/secret", host.AccessToken))
        {
            await Error(token, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        using (var again = await Send(HttpMethod.Delete, $"/api/users/{host.UserId}", admin.AccessToken))
        {
            await Error(again, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        // The email is free again.
        await TestAccounts.SignUp(stack, "host", host.Email);
    }

    [Fact]
    public async Task Deleting_an_invited_guest_deletes_the_case_too()
    {
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        var guest = await TestAccounts.Invited(stack, coordinator);
        var admin = await stack.Seeded("admin@example.com");

        // While the coordinator owns the case, the coordinator cannot be deleted.
        using (var refused = await Send(HttpMethod.Delete, $"/api/users/{coordinator.UserId}", admin.AccessToken))
        {
            var body = await Error(refused, HttpStatusCode.Conflict, "CONFLICT");
            Assert.Contains($"{guest.Email} (#{guest.UserId})", body.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        }

        using (var deleted = await Send(HttpMethod.Delete, $"/api/users/{guest.UserId}", admin.AccessToken))
        {
            await Json(deleted, HttpStatusCode.OK);
        }

        using (var noCase = await Send(HttpMethod.Get, $"/api/coordinator/cases/{guest.UserId}", admin.AccessToken))
        {
            await Error(noCase, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using var coordinatorDeleted = await Send(HttpMethod.Delete, $"/api/users/{coordinator.UserId}", admin.AccessToken);
        await Json(coordinatorDeleted, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_admins_delete_users_and_ids_are_checked()
    {
        var target = await stack.Seeded("hostf@example.com");
        foreach (var email in new[] { "guestf@example.com", "hostg@example.com", "coordinatorf@example.com" })
        {
            using var refused = await Send(HttpMethod.Delete, $"/api/users/{target.UserId}", (await stack.Seeded(email)).AccessToken);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var anonymous = await Send(HttpMethod.Delete, $"/api/users/{target.UserId}"))
        {
            await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        using (var bad = await Send(HttpMethod.Delete, "/api/users/abc", admin))
        {
            await Invalid(bad, "userId");
        }

        using var unknown = await Send(HttpMethod.Delete, "/api/users/99999999", admin);
        await Error(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, target.Email));
    }

    [Theory]
    [InlineData("guesth@example.com")]
    [InlineData("hosth@example.com")]
    [InlineData("coordinatorh@example.com")]
    [InlineData("admin@example.com")]
    public async Task Every_role_reaches_the_any_user_routes(string email)
    {
        var account = await stack.Seeded(email);
        using (var secret = await Send(HttpMethod.Get, "/api/auth/secret", account.AccessToken))
        {
            await Json(secret, HttpStatusCode.OK);
        }

        using var current = await Send(HttpMethod.Get, "/api/users/current", account.AccessToken);
        Assert.Equal(email, (await Json(current, HttpStatusCode.OK)).GetProperty("email").GetString());
    }
}
