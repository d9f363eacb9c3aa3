using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using Npgsql;

namespace HomeUniteUs.Tests.Integration.Workflow;

/// <summary>Calls of the coordinators' routes on a stack, as the frontend makes them.</summary>
public sealed class WorkflowApi(ServiceStack stack)
{
    private static readonly ConditionalWeakTable<ServiceStack, Task> SeedingDone = [];

    public Task<TestAccount> Admin => Seeded("admin@example.com");

    public Task<TestAccount> Coordinator(char letter = 'a') => Seeded($"coordinator{letter}@example.com");

    /// <summary>
    /// A seeded user, once the silo's development seeding has finished: the stack answers ready
    /// before that, and the dashboard would change under the tests while it runs.
    /// </summary>
    public async Task<TestAccount> Seeded(string email)
    {
        await SeedingDone.GetValue(stack, WaitForSeeding);
        return await stack.Seeded(email);
    }

    private static async Task WaitForSeeding(ServiceStack stack)
    {
        const int seededUsers = 1 + (3 * 26);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            """
            SELECT count(*) FROM orleansstorage
            WHERE graintypestring = 'user' AND payloadjson ->> 'Status' = 'active'
              AND payloadjson ->> 'Email' ~ '^(admin|(guest|host|coordinator)[a-z])@example\.com$'
            """, connection);
        while (Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) < seededUsers)
        {
            Assert.True(DateTime.UtcNow < deadline, "the development users were not all seeded within 2 minutes");
            await Task.Delay(250);
        }
    }

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token, string? json = null,
        string contentType = "application/json", string? ifNoneMatch = null)
    {
        using var request = ServiceStack.Request(method, path, token, json is null ? null : ApiAssert.JsonContent(json, contentType));
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await stack.Http.SendAsync(request);
    }

    /// <summary>Invites a guest as <paramref name="inviter"/>; returns the guest's user id (looked up in the store), email and dashboard name.</summary>
    public async Task<(long Id, string Email, string Name)> Invite(TestAccount inviter)
    {
        var email = TestAccounts.NewEmail("guest");
        var lastName = "Invited" + Guid.NewGuid().ToString("N")[..8];
        using (var request = ServiceStack.Request(HttpMethod.Post, "/api/auth/invite", inviter.AccessToken,
            JsonContent.Create(new { email, firstName = "Guest", lastName })))
        using (var invited = await stack.Http.SendAsync(request))
        {
            await ApiAssert.Json(invited, HttpStatusCode.OK);
        }

        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand(
            "SELECT (payloadjson ->> 'Id')::bigint FROM orleansstorage WHERE graintypestring = 'user' AND payloadjson ->> 'Email' = @email", connection);
        find.Parameters.AddWithValue("email", email);
        var id = (long)(await find.ExecuteScalarAsync())!;
        return (id, email, $"Guest {lastName}");
    }

    public async Task<(List<JsonElement> Items, string ETag, string Body)> Dashboard(string token)
    {
        using var response = await Send(HttpMethod.Get, "/api/coordinator/dashboard/all", token);
        var body = await ApiAssert.Json(response, HttpStatusCode.OK);
        return ([.. body.GetProperty("dashboardItems").EnumerateArray()], response.Headers.ETag!.ToString(), await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> Item(string token, long userId) =>
        (await Dashboard(token)).Items.Single(i => i.GetProperty("id").GetInt64() == userId);

    public async Task<JsonElement?> ItemOrNull(string token, long userId) =>
        (await Dashboard(token)).Items.Cast<JsonElement?>().SingleOrDefault(i => i!.Value.GetProperty("id").GetInt64() == userId);
}
