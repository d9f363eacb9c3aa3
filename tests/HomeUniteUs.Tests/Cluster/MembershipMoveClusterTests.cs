using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.Integration.Tenancy;
using Npgsql;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Invariant 9 with real processes: a host's move to another org through one gateway and a proposal of
/// that host through another, on a two-silo cluster, never both succeed; and a silo killed mid-move
/// leaves the person moved or not (as the stored row says), no hold that refuses later proposals or moves.
/// </summary>
public sealed class MembershipMoveClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_move_and_a_proposal_of_one_host_through_two_gateways_on_two_silos_never_both_succeed()
    {
        var stack = new TwoSiloStack();
        ServiceProcess? second = null;
        try
        {
            await stack.InitializeAsync();
            var port = FreePort.Next();
            second = ServiceProcess.Start("gateway2", RepoPaths.GatewayDll, new Dictionary<string, string>(stack.Environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
            using var other = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));
            Assert.True(await ServiceStack.AnswersReady(other, TimeSpan.FromSeconds(180)), $"The second gateway never became ready\n{second.Output}");
            var api = new JourneyApi(stack);
            var admin = await stack.Seeded("admin@example.com");
            var org = await TwoOrgs.Org(stack, admin);
            var coordinator = await TestAccounts.SignUp(stack, "coordinator");
            var outcomes = new List<(HttpStatusCode Proposal, HttpStatusCode Move)>();
            for (var round = 0; round < 4; round++)
            {
                var pairs = new List<(TestAccount Guest, TestAccount Host)>();
                for (var i = 0; i < 3; i++)
                {
                    var pair = (Guest: await api.ApprovedGuest(coordinator), Host: await api.ApprovedHost(reviewer: coordinator));
                    await api.Train(pair.Guest, coordinator);
                    await api.Train(pair.Host, coordinator);
                    pairs.Add(pair);
                }

                var answers = await Task.WhenAll(pairs.Select(async pair =>
                {
                    var proposal = Send(stack.Http, HttpMethod.Post, "/api/matches", coordinator,
                        $$"""{"guestId":{{pair.Guest.UserId}},"hostId":{{pair.Host.UserId}}}""");
                    var move = Send(other, HttpMethod.Put, $"/api/users/{pair.Host.UserId}/housing-org", admin, $$"""{"housingOrgId":{{org}}}""");
                    return (Proposal: await proposal, Move: await move);
                }));
                foreach (var answer in answers)
                {
                    output.WriteLine($"proposal {(int)answer.Proposal.Status} {answer.Proposal.Body} | move {(int)answer.Move.Status} {answer.Move.Body}");
                    // A proposal refused after the move: 409 (orgs differ), or the 404 of a person outside the coordinator's
                    // reach when the reach filter already sees the host in the other org. Both are "refused".
                    Assert.True(answer.Proposal.Status is HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.NotFound, answer.Proposal.Body);
                    Assert.True(answer.Move.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, answer.Move.Body);
                    var proposal = answer.Proposal.Status == HttpStatusCode.NotFound ? HttpStatusCode.Conflict : answer.Proposal.Status;
                    outcomes.Add((proposal, answer.Move.Status));
                }

                await StoredMemberships.AssertNoActiveMatchAcrossOrgs(stack.ConnectionString);
            }

            Assert.DoesNotContain(outcomes, o => o is (HttpStatusCode.Created, HttpStatusCode.OK));
            Assert.DoesNotContain(outcomes, o => o is (HttpStatusCode.Conflict, HttpStatusCode.Conflict));
            await StoredMemberships.AssertNoHoldLeft(stack.ConnectionString);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await stack.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("move-after-hold")]
    [InlineData("move-after-write")]
    public async Task A_move_interrupted_by_a_crash_leaves_the_person_moved_or_not_and_later_moves_and_proposals_work(string crashPoint)
    {
        var stack = new CrashingStack(crashPoint);
        try
        {
            await stack.InitializeAsync();
            var api = new JourneyApi(stack);
            var admin = await stack.Seeded("admin@example.com");
            var org = await TwoOrgs.Org(stack, admin);
            var coordinator = await TestAccounts.SignUp(stack, "coordinator");
            var guest = await api.ApprovedGuest(coordinator);
            var host = await api.ApprovedHost(reviewer: coordinator);
            await api.Train(guest, coordinator);
            await api.Train(host, coordinator);

            using (var move = await TwoOrgs.Put(stack, admin, host.UserId, org))
            {
                Assert.True((int)move.StatusCode >= 500, $"the move answered {(int)move.StatusCode}");
            }

            Assert.NotEqual(0, await stack.Silos[0].WaitForExit(TimeSpan.FromSeconds(30)));
            var moved = crashPoint == "move-after-write";
            Assert.Equal(moved ? org : null, await StoredMemberships.OrgOf(stack.ConnectionString, host.UserId));
            Assert.Equal(org, await StoredMemberships.HeldFor(stack.ConnectionString, host.UserId));

            stack.Environment.Remove("HUU_CRASH_AT");
            stack.StartSilo();
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));

            // The new silo's start-up sweep ends the hold of the move no activation runs any more.
            for (var poll = 0; poll < 60 && await StoredMemberships.HeldFor(stack.ConnectionString, host.UserId) is not null; poll++)
            {
                await Task.Delay(500);
            }

            await StoredMemberships.AssertNoHoldLeft(stack.ConnectionString);

            // Moved or not, the same everywhere: the user, the org's members.
            admin = await TestAccounts.SignIn(stack, admin.Email);
            using (var read = await api.Send(HttpMethod.Get, $"/api/users/{host.UserId}", admin.AccessToken))
            {
                var stored = (await Json(read, HttpStatusCode.OK)).GetProperty("housingOrgId");
                Assert.Equal(moved, stored.ValueKind == System.Text.Json.JsonValueKind.Number && stored.GetInt64() == org);
            }

            var members = await api.Ok(HttpMethod.Get, $"/api/housing-orgs/{org}/members", admin);
            Assert.Equal(moved, members.EnumerateArray().Any(m => m.GetProperty("id").GetInt64() == host.UserId));

            // Later moves and proposals work: into the org (again), back to the pool, matched, then held by the match.
            await TwoOrgs.Move(stack, admin, host.UserId, org);
            await TwoOrgs.Move(stack, admin, host.UserId, null);
            coordinator = await TestAccounts.SignIn(stack, coordinator.Email, coordinator.Password);
            var match = await api.Propose(coordinator, guest, host);
            using var held = await TwoOrgs.Put(stack, admin, host.UserId, org);
            var conflict = await Error(held, HttpStatusCode.Conflict, "CONFLICT");
            Assert.Contains($"#{match}", conflict.GetRawText(), StringComparison.Ordinal);
            await StoredMemberships.AssertNoActiveMatchAcrossOrgs(stack.ConnectionString);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> Send(HttpClient http, HttpMethod method, string path, TestAccount caller, string json)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = ServiceStack.Request(method, path, caller.AccessToken, JsonContent(json));
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            await Task.Delay(500);
        }
    }

    private sealed class TwoSiloStack : ServiceStack
    {
        protected override int InitialSilos => 2;
    }

    private sealed class CrashingStack(string crashPoint) : ServiceStack
    {
        protected override void Configure(Dictionary<string, string> environment) => environment["HUU_CRASH_AT"] = crashPoint;
    }
}

/// <summary>Memberships, holds and matches as grain storage has them, read directly.</summary>
internal static class StoredMemberships
{
    /// <summary>No live, active match whose guest and host rows name different orgs.</summary>
    public static async Task AssertNoActiveMatchAcrossOrgs(string connectionString)
    {
        var across = await Scalar(connectionString,
            """
            SELECT count(*) FROM orleansstorage m
            JOIN orleansstorage g ON g.graintypestring = 'user' AND g.payloadjson->>'Id' = m.payloadjson->>'GuestId'
            JOIN orleansstorage h ON h.graintypestring = 'user' AND h.payloadjson->>'Id' = m.payloadjson->>'HostId'
            WHERE m.graintypestring = 'match' AND m.payloadjson->>'Phase' = 'live'
              AND m.payloadjson->>'Status' IN ('PROPOSED', 'ACCEPTED', 'MEETING_HELD', 'FINALIZED')
              AND (g.payloadjson->>'HousingOrgId') IS DISTINCT FROM (h.payloadjson->>'HousingOrgId')
            """);
        Assert.Equal(0L, across);
    }

    public static async Task AssertNoHoldLeft(string connectionString) =>
        Assert.Equal(0L, await Scalar(connectionString, "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'matchSlot' AND jsonb_typeof(payloadjson->'Move') = 'object'"));

    public static Task<long?> OrgOf(string connectionString, long userId) =>
        NullableScalar(connectionString, "SELECT (payloadjson->>'HousingOrgId')::bigint FROM orleansstorage WHERE graintypestring = 'user' AND payloadjson->>'Id' = @id", userId);

    /// <summary>The org a membership move's hold on the person's slot names, or null when there is no hold.</summary>
    public static Task<long?> HeldFor(string connectionString, long userId) =>
        NullableScalar(connectionString, "SELECT (payloadjson->'Move'->>'HousingOrgId')::bigint FROM orleansstorage WHERE graintypestring = 'matchSlot' AND payloadjson->>'UserId' = @id", userId);

    private static async Task<long> Scalar(string connectionString, string sql) =>
        await NullableScalar(connectionString, sql, null) ?? 0;

    private static async Task<long?> NullableScalar(string connectionString, string sql, long? id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is { } value)
        {
            command.Parameters.AddWithValue("id", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return await command.ExecuteScalarAsync() is long result ? result : null;
    }
}
