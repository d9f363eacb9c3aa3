using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// The same flows against a pool that signs in by email (UsernameAttributes = email), where
/// Cognito's username, the access token's "username" and the challenge's USERNAME are the sub,
/// not the email: the store must still find its users by the token's subject.
/// </summary>
public sealed class EmailUsernamePoolTests : IClassFixture<EmailUsernamePoolTests.EmailPoolStack>
{
    private readonly EmailPoolStack stack;

    public EmailUsernamePoolTests(EmailPoolStack stack) => this.stack = stack;

    [Fact]
    public async Task Sign_up_sign_in_session_invite_and_sign_out_work_with_email_usernames()
    {
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        Assert.NotEqual(coordinator.Email, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(coordinator.AccessToken).GetClaim("username").Value);

        using (var secret = ServiceStack.Request(HttpMethod.Get, "/api/users/current", coordinator.AccessToken))
        using (var current = await stack.Http.SendAsync(secret))
        {
            Assert.Equal(coordinator.UserId, (await Json(current, HttpStatusCode.OK)).GetProperty("id").GetInt64());
        }

        using (var request = ServiceStack.Request(HttpMethod.Get, "/api/auth/session"))
        {
            request.Headers.Add("Cookie", $"id_token={coordinator.IdToken}; refresh_token={coordinator.RefreshToken}");
            using var session = await stack.Http.SendAsync(request);
            Assert.Equal(coordinator.UserId, (await Json(session, HttpStatusCode.OK)).GetProperty("user").GetProperty("id").GetInt64());
        }

        var guest = await TestAccounts.Invited(stack, coordinator);
        Assert.Equal("guest", guest.Role);

        using (var signOut = ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", guest.AccessToken))
        using (var signedOut = await stack.Http.SendAsync(signOut))
        {
            await Json(signedOut, HttpStatusCode.OK);
        }

        using var after = ServiceStack.Request(HttpMethod.Get, "/api/users/current", guest.AccessToken);
        using var refused = await stack.Http.SendAsync(after);
        await Error(refused, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");

        using var again = await stack.Http.PostAsJsonAsync(new Uri("/api/auth/signup", UriKind.Relative),
            new { email = coordinator.Email.ToUpperInvariant(), password = TestAccounts.Password, firstName = "Dup", role = "host" });
        await Error(again, HttpStatusCode.BadRequest, "USER_EXISTS");
    }

    public sealed class EmailPoolStack : ServiceStack
    {
        protected override string HuuEnvironment => "test";

        protected override async Task ConfigureAsync(Dictionary<string, string> environment)
        {
            var pool = await CognitoAdmin.For(environment).CreateUserPoolAsync("huu-email-usernames");
            var client = await CognitoAdmin.For(environment).CreateUserPoolClientAsync(pool.Id, "huu-api");
            environment["COGNITO_USER_POOL_ID"] = pool.Id;
            environment["COGNITO_CLIENT_ID"] = client.ClientId;
            environment["COGNITO_CLIENT_SECRET"] = client.ClientSecret!;
            var cognito = CognitoAdmin.For(environment);
            foreach (var group in new[] { "Admins", "Hosts", "Coordinators", "Guests" })
            {
                await cognito.CreateGroupAsync(group);
            }
        }
    }
}
