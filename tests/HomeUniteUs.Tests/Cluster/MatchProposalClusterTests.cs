using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Journeys;
using Npgsql;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Invariant 7 with real processes: each person is in at most one active match, whether two
/// gateways on a two-silo cluster propose one host at once, or a silo dies mid-proposal.
/// </summary>
public sealed class MatchProposalClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_gateways_proposing_one_host_for_two_guests_at_once_on_two_silos_get_one_201_and_one_409()
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
            var coordinator = await TestAccounts.SignUp(stack, "coordinator");
            for (var round = 0; round < 3; round++)
            {
                var guests = new[] { await api.ApprovedGuest(coordinator), await api.ApprovedGuest(coordinator) };
                var host = await api.ApprovedHost(reviewer: coordinator);
                foreach (var person in guests.Append(host))
                {
                    await api.Train(person, coordinator);
                }

                var clients = new[] { stack.Http, other };
                var answers = await Task.WhenAll(guests.Select(async (guest, i) =>
                {
                    for (var attempt = 0; ; attempt++)
                    {
                        using var request = ServiceStack.Request(HttpMethod.Post, "/api/matches", coordinator.AccessToken,
                            JsonContent($$"""{"guestId":{{guest.UserId}},"hostId":{{host.UserId}}}"""));
                        using var response = await clients[i].SendAsync(request);
                        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
                        {
                            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
                        }

                        await Task.Delay(500);
                    }
                }));

                output.WriteLine(string.Join(" | ", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
                Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
                Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
                var slots = await StoredMatches.Slots(stack.ConnectionString);
                Assert.Single(slots, s => s.UserId == host.UserId && s.MatchId is not null);
                Assert.Single(guests, g => slots.Any(s => s.UserId == g.UserId && s.MatchId is not null));
            }

            await StoredMatches.AssertEverySlotIsFreeOrBoundToALiveMatch(stack.ConnectionString);
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
    [InlineData("match-after-guest-slot")]
    [InlineData("match-after-host-slot")]
    public async Task A_proposal_interrupted_by_a_crash_is_undone_by_the_next_silo_and_the_two_can_be_matched_again(string crashPoint)
    {
        var stack = new CrashingStack(crashPoint);
        try
        {
            await stack.InitializeAsync();
            var api = new JourneyApi(stack);
            var coordinator = await TestAccounts.SignUp(stack, "coordinator");
            var guest = await api.ApprovedGuest(coordinator);
            var host = await api.ApprovedHost(reviewer: coordinator);
            await api.Train(guest, coordinator);
            await api.Train(host, coordinator);

            using (var proposal = await api.Send(HttpMethod.Post, "/api/matches", coordinator.AccessToken, $$"""{"guestId":{{guest.UserId}},"hostId":{{host.UserId}}}"""))
            {
                Assert.True((int)proposal.StatusCode >= 500, $"the proposal answered {(int)proposal.StatusCode}");
            }

            Assert.NotEqual(0, await stack.Silos[0].WaitForExit(TimeSpan.FromSeconds(30)));
            var reserved = await StoredMatches.Slots(stack.ConnectionString);
            Assert.Contains(reserved, s => s.UserId == guest.UserId && s.MatchId is not null);
            Assert.Equal(crashPoint == "match-after-host-slot", reserved.Any(s => s.UserId == host.UserId && s.MatchId is not null));

            stack.Environment.Remove("HUU_CRASH_AT");
            stack.StartSilo();
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));
            await StoredMatches.AssertEverySlotIsFreeOrBoundToALiveMatch(stack.ConnectionString);
            Assert.DoesNotContain(await StoredMatches.Slots(stack.ConnectionString), s => s.MatchId is not null);

            var signedIn = await TestAccounts.SignIn(stack, coordinator.Email, coordinator.Password);
            Assert.True(await api.Propose(signedIn, guest, host) > 0);
            await StoredMatches.AssertEverySlotIsFreeOrBoundToALiveMatch(stack.ConnectionString);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private sealed class TwoSiloStack : ServiceStack
    {
        protected override int InitialSilos => 2;
    }

    private sealed class CrashingStack(string crashPoint) : ServiceStack
    {
        protected override string HuuEnvironment => "test";

        protected override void Configure(Dictionary<string, string> environment) => environment["HUU_CRASH_AT"] = crashPoint;
    }
}

/// <summary>The match and slot rows of grain storage, read directly.</summary>
internal static class StoredMatches
{
    public static async Task<List<(long UserId, long? MatchId)>> Slots(string connectionString)
    {
        var slots = new List<(long, long?)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (payloadjson->>'UserId')::bigint, (payloadjson->>'MatchId')::bigint FROM orleansstorage WHERE graintypestring = 'matchSlot'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            slots.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
        }

        return slots;
    }

    /// <summary>No proposal is left reserving; each held slot's match is live, active and names that person.</summary>
    public static async Task AssertEverySlotIsFreeOrBoundToALiveMatch(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var reserving = new NpgsqlCommand(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'match' AND payloadjson->>'Phase' = 'reserving'", connection))
        {
            Assert.Equal(0L, (long)(await reserving.ExecuteScalarAsync())!);
        }

        await using var unbound = new NpgsqlCommand(
            """
            SELECT count(*) FROM orleansstorage s
            WHERE s.graintypestring = 'matchSlot' AND s.payloadjson->>'MatchId' IS NOT NULL
              AND NOT EXISTS (
                SELECT 1 FROM orleansstorage m
                WHERE m.graintypestring = 'match' AND m.payloadjson->>'Id' = s.payloadjson->>'MatchId'
                  AND m.payloadjson->>'Phase' = 'live'
                  AND m.payloadjson->>'Status' IN ('PROPOSED', 'ACCEPTED', 'MEETING_HELD', 'FINALIZED')
                  AND s.payloadjson->>'UserId' IN (m.payloadjson->>'GuestId', m.payloadjson->>'HostId'))
            """, connection);
        Assert.Equal(0L, (long)(await unbound.ExecuteScalarAsync())!);
    }
}
