using System.Net;
using System.Net.Http.Headers;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Tenancy;
using HomeUniteUs.Tests.Integration.Workbench;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Two gateway processes in front of one cluster: they serve the same data, and a sign-out or a deletion
/// acknowledged by one is refused by the very next request through the other, though that one had just
/// accepted the token (and so had a verdict on it to reuse). It is a race, so each is repeated.
/// </summary>
public sealed class TwoGatewaysTests : IClassFixture<TwoGatewaysTests.TwoGatewayStack>
{
    private const int Rounds = 20;
    private readonly TwoGatewayStack stack;

    public TwoGatewaysTests(TwoGatewayStack stack) => this.stack = stack;

    [Fact]
    public async Task A_sign_out_through_one_gateway_is_refused_by_the_next_request_through_the_other()
    {
        var account = await TestAccounts.SignUp(stack, "host");
        var served = new List<string>();
        for (var round = 1; round <= Rounds; round++)
        {
            var session = round == 1 ? account : await TestAccounts.SignIn(stack, account.Email, TestAccounts.Password);
            Assert.Equal(HttpStatusCode.OK, await Status(stack.Other, "/api/auth/secret", session.AccessToken));
            Assert.Equal(HttpStatusCode.OK, await Status(stack.Other, "/api/users/current", idToken: session.IdToken));

            using (var signOut = ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", session.AccessToken))
            using (var signedOut = await stack.Http.SendAsync(signOut))
            {
                await Json(signedOut, HttpStatusCode.OK);
            }

            if (await Status(stack.Other, "/api/auth/secret", session.AccessToken) != HttpStatusCode.Unauthorized)
            {
                served.Add($"round {round}: the access token");
            }

            if (await Status(stack.Other, "/api/users/current", idToken: session.IdToken) != HttpStatusCode.Unauthorized)
            {
                served.Add($"round {round}: the id_token cookie");
            }
        }

        Assert.True(served.Count == 0, "The other gateway served a signed-out session: " + string.Join("; ", served));
    }

    [Fact]
    public async Task A_deletion_through_one_gateway_is_refused_by_the_next_request_through_the_other()
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        var served = new List<int>();
        for (var round = 1; round <= Rounds / 2; round++)
        {
            var guest = await TestAccounts.SignUp(stack, "guest");
            Assert.Equal(HttpStatusCode.OK, await Status(stack.Other, "/api/auth/secret", guest.AccessToken));

            using (var delete = ServiceStack.Request(HttpMethod.Delete, $"/api/users/{guest.UserId}", admin))
            using (var deleted = await stack.Http.SendAsync(delete))
            {
                await Json(deleted, HttpStatusCode.OK);
            }

            if (await Status(stack.Other, "/api/auth/secret", guest.AccessToken) != HttpStatusCode.Unauthorized)
            {
                served.Add(round);
            }
        }

        Assert.True(served.Count == 0, "The other gateway served a deleted user's token in rounds " + string.Join(", ", served));
    }

    [Fact]
    public async Task A_note_through_one_gateway_is_on_the_next_activity_page_read_through_either_with_the_same_cursor()
    {
        var admin = await stack.Seeded("admin@example.com");
        var guest = await TestAccounts.SignUp(stack, "guest");
        var query = $"?after={(await ActivityPage(stack.Http, admin, "?limit=1")).Next}&limit=500";
        var missed = new List<string>();
        for (var round = 1; round <= Rounds / 2; round++)
        {
            // Both gateways keep this page of this reader and cursor: each answers the second read from memory.
            foreach (var gateway in new[] { stack.Other, stack.Http, stack.Other, stack.Http })
            {
                await ActivityPage(gateway, admin, query);
            }

            long noteId;
            using (var added = await Notes.Post(stack.Http, admin, guest.UserId, $$"""{"text":"round {{round}}"}"""))
            {
                noteId = (await Json(added, HttpStatusCode.Created)).GetProperty("id").GetInt64();
            }

            foreach (var (gateway, name) in new[] { (stack.Other, "the other gateway"), (stack.Http, "the gateway that took the note") })
            {
                if (!(await ActivityPage(gateway, admin, query)).NoteIds.Contains(noteId))
                {
                    missed.Add($"round {round}: {name}");
                }
            }
        }

        Assert.True(missed.Count == 0, "A page read after the note's 201 did not show its event: " + string.Join(", ", missed));
    }

    [Fact]
    public async Task A_move_through_one_gateway_moves_the_persons_events_on_the_next_page_read_through_the_other()
    {
        var admin = await stack.Seeded("admin@example.com");
        var query = $"?after={(await ActivityPage(stack.Http, admin, "?limit=1")).Next}&limit=500";
        var orgs = await TwoOrgs.Create(stack);
        var host = orgs.HostOfY.UserId;
        foreach (var gateway in new[] { stack.Other, stack.Other, stack.Http })
        {
            Assert.Contains(host, (await ActivityPage(gateway, orgs.CoordinatorOfY, query)).People);
            Assert.DoesNotContain(host, (await ActivityPage(gateway, orgs.CoordinatorOfX, query)).People);
        }

        await TwoOrgs.Move(stack, admin, host, orgs.X);

        Assert.DoesNotContain(host, (await ActivityPage(stack.Other, orgs.CoordinatorOfY, query)).People);
        Assert.Contains(host, (await ActivityPage(stack.Other, orgs.CoordinatorOfX, query)).People);
    }

    /// <summary>One page of GET /api/coordinator/activity through <paramref name="client"/>: its cursor, people and the notes its events name.</summary>
    private static async Task<(long Next, HashSet<long> People, HashSet<long> NoteIds)> ActivityPage(HttpClient client, TestAccount reader, string query)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, "/api/coordinator/activity" + query, reader.AccessToken);
        using var response = await client.SendAsync(request);
        var page = await Json(response, HttpStatusCode.OK);
        var events = page.GetProperty("events").EnumerateArray().ToList();
        return (page.GetProperty("next").GetInt64(),
            [.. events.Select(e => e.GetProperty("userId").GetInt64())],
            [.. events.Where(e => e.GetProperty("type").GetString() == "note_added").Select(e => e.GetProperty("details").GetProperty("noteId").GetInt64())]);
    }

    private static async Task<HttpStatusCode> Status(HttpClient client, string path, string? token = null, string? idToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idToken is not null)
        {
            request.Headers.Add("Cookie", "id_token=" + idToken);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The usual stack (one silo, gateway A as <see cref="ServiceStack.Http"/>) and gateway B as <see cref="Other"/>.</summary>
    public class TwoGatewayStack : ServiceStack
    {
        private ServiceProcess? second;

        public HttpClient Other { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var port = FreePort.Next();
            var environment = new Dictionary<string, string>(Environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
            second = ServiceProcess.Start("gateway2", RepoPaths.GatewayDll, environment);
            Other = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.True(await AnswersReady(Other, TimeSpan.FromSeconds(60)), "The second gateway never became ready\n" + second.Output);
        }

        public override async Task DisposeAsync()
        {
            Other?.Dispose();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await base.DisposeAsync();
        }
    }
}
