using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using Npgsql;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Invariant 10 across a crash: a silo killed with <c>kill -9</c> between a case reassignment's write and the check that
/// the new coordinator stayed in the guest's org leaves the case marked unchecked; the next silo's start-up sweep wakes
/// the case, which finishes the check (what it does either way is in <c>TestCluster/Tenancy/InterruptedReassignmentTests</c>).
/// </summary>
public sealed class InterruptedReassignmentTests
{
    [Fact]
    public async Task A_reassignment_cut_off_before_its_check_is_checked_by_the_next_silo_without_anyone_asking_for_the_case()
    {
        var stack = new CrashingStack();
        try
        {
            await stack.InitializeAsync();
            var admin = await stack.Seeded("admin@example.com");
            var first = await TestAccounts.SignUp(stack, "coordinator");
            var second = await TestAccounts.SignUp(stack, "coordinator");
            var guest = await TestAccounts.Invited(stack, first);

            using (var request = ServiceStack.Request(HttpMethod.Put, $"/api/coordinator/cases/{guest.UserId}", admin.AccessToken,
                System.Net.Http.Json.JsonContent.Create(new { coordinatorId = second.UserId })))
            using (var reassigned = await stack.Http.SendAsync(request))
            {
                Assert.True((int)reassigned.StatusCode >= 500, $"the reassignment answered {(int)reassigned.StatusCode}");
            }

            Assert.NotEqual(0, await stack.Silos[0].WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal((second.UserId, true), await StoredCase(stack.ConnectionString, guest.UserId));

            stack.Environment.Remove("HUU_CRASH_AT");
            stack.StartSilo();
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));

            // The sweep runs as the new silo starts; a bounded poll (30 s) because it runs beside the silo's other start-up work.
            var stored = await StoredCase(stack.ConnectionString, guest.UserId);
            for (var poll = 0; poll < 60 && stored.Unchecked; poll++)
            {
                await Task.Delay(500);
                stored = await StoredCase(stack.ConnectionString, guest.UserId);
            }

            // Both coordinators are unaffiliated, like the guest: the check passes and the case stays with the second.
            Assert.Equal((second.UserId, false), stored);
            admin = await TestAccounts.SignIn(stack, admin.Email);
            using var read = ServiceStack.Request(HttpMethod.Get, $"/api/coordinator/cases/{guest.UserId}", admin.AccessToken);
            using var answer = await stack.Http.SendAsync(read);
            Assert.Equal(second.UserId, (await Json(answer, HttpStatusCode.OK)).GetProperty("coordinatorId").GetInt64());
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    /// <summary>The case's coordinator and whether its reassignment is marked unchecked, as grain storage has them.</summary>
    private static async Task<(long CoordinatorId, bool Unchecked)> StoredCase(string connectionString, long guestId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (payloadjson->>'CoordinatorId')::bigint, coalesce(jsonb_typeof(payloadjson->'Unchecked') = 'object', false)
            FROM orleansstorage WHERE graintypestring = 'guestCase' AND payloadjson->>'GuestId' = @id
            """, connection);
        command.Parameters.AddWithValue("id", guestId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"guest {guestId} has no stored case");
        return (reader.GetInt64(0), reader.GetBoolean(1));
    }

    private sealed class CrashingStack : ServiceStack
    {
        protected override void Configure(Dictionary<string, string> environment) => environment["HUU_CRASH_AT"] = "case-after-reassign-write";
    }
}
