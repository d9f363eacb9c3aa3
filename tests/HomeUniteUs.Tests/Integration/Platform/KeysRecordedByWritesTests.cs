using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using Npgsql;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>
/// The housing-org create records its Idempotency-Key in its own write (migration 0010's trigger, or with the answer
/// when the name is taken), in the table every other creating route claims from: the rules of API.md "Operations" hold
/// where the registry's index alone cannot tell (the org renamed or deleted since), across routes, and past 24 hours.
/// </summary>
[Collection(GatewayCollection.Name)]
public class KeysRecordedByWritesTests(ServiceStack stack)
{
    private const string Replayed = "Idempotent-Replayed";

    private async Task<string> Admin() => (await stack.Seeded("admin@example.com")).AccessToken;

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string json, string token, string? key = null)
    {
        using var request = ServiceStack.Request(method, path, token, JsonContent(json));
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await stack.Http.SendAsync(request);
    }

    private async Task<string[]> OrgNames()
    {
        using var list = await stack.Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
        return [.. (await Json(list, HttpStatusCode.OK)).EnumerateArray().Select(o => o.GetProperty("org_name").GetString()!)];
    }

    private static string UniqueName() => "Keyed " + Guid.NewGuid().ToString("N")[..10];

    private async Task<(int Status, long? CreatedId)?> StoredKey(string key)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, created_id FROM huu_idempotency_keys WHERE key = @key AND completed_at IS NOT NULL", connection);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)) : null;
    }

    /// <summary>Whether the org's stored row carries the key of the request that created it (its first row does, for the trigger).</summary>
    private async Task<bool> RowCarriesKey(long id)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT jsonb_typeof(payloadjson -> 'CreatedWithKey') = 'object' FROM orleansstorage WHERE graintypestring = 'housingOrg' AND (payloadjson ->> 'Id')::bigint = @id",
            connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() is true;
    }

    [Fact]
    public async Task The_key_is_stored_with_the_org_it_created_and_a_repeat_after_a_rename_replays_the_201()
    {
        var admin = await Admin();
        var key = Guid.NewGuid().ToString();
        var name = UniqueName();
        using var first = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key);
        var created = await Json(first, HttpStatusCode.Created);
        var id = created.GetProperty("housing_org_id").GetInt64();
        Assert.Equal((201, (long?)id), await StoredKey(key));
        Assert.True(await RowCarriesKey(id));

        var renamed = UniqueName();
        using (var put = await Send(HttpMethod.Put, $"/api/housing-orgs/{id}", $$"""{"org_name":"{{renamed}}"}""", admin))
        {
            await Json(put, HttpStatusCode.OK);
        }

        // The rename's row no longer carries the key (the caller and the key stay only in the key's own row).
        Assert.False(await RowCarriesKey(id));

        // The name is free again, so only the stored key can tell that this request ran.
        using var again = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key);
        Assert.Equal(created.GetRawText(), (await Json(again, HttpStatusCode.Created)).GetRawText());
        Assert.Equal("true", again.Headers.GetValues(Replayed).Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        var names = await OrgNames();
        Assert.DoesNotContain(name, names);
        Assert.Single(names, n => n == renamed);
    }

    [Fact]
    public async Task A_create_that_found_its_name_taken_replays_its_303_after_the_name_is_free_again()
    {
        var admin = await Admin();
        var name = UniqueName();
        using var holder = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin);
        var held = (await Json(holder, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();

        var key = Guid.NewGuid().ToString();
        using var first = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key);
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.False(first.Headers.Contains(Replayed));
        Assert.Equal((303, (long?)held), await StoredKey(key));

        using (var deleted = await Send(HttpMethod.Delete, $"/api/housing-orgs/{held}", "{}", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var again = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues(Replayed).Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.DoesNotContain(name, await OrgNames());
    }

    [Fact]
    public async Task A_key_is_one_callers_across_routes_whichever_route_used_it_first()
    {
        var admin = await Admin();

        // Used first by an invite (claimed and settled by the gateway), then on the org create: refused, nothing created.
        var invitedFirst = Guid.NewGuid().ToString();
        using (var invite = await Send(HttpMethod.Post, "/api/auth/invite", $$"""{"email":"{{TestAccounts.NewEmail("guest")}}","firstName":"Keyed"}""", admin, invitedFirst))
        {
            await Json(invite, HttpStatusCode.OK);
        }

        var name = UniqueName();
        using (var refused = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, invitedFirst))
        {
            await Error(refused, HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        }

        Assert.DoesNotContain(name, await OrgNames());

        // Used first by the org create (stored by its write), then on an invite: refused, nobody invited.
        var createdFirst = Guid.NewGuid().ToString();
        using (var created = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", admin, createdFirst))
        {
            await Json(created, HttpStatusCode.Created);
        }

        var email = TestAccounts.NewEmail("guest");
        using var reused = await Send(HttpMethod.Post, "/api/auth/invite", $$"""{"email":"{{email}}","firstName":"Keyed"}""", admin, createdFirst);
        await Error(reused, HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Fact]
    public async Task A_key_older_than_24_hours_is_a_new_request_for_the_create_that_reuses_it()
    {
        var admin = await Admin();
        var key = Guid.NewGuid().ToString();
        using (var first = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", admin, key))
        {
            await Json(first, HttpStatusCode.Created);
        }

        await using (var connection = new NpgsqlConnection(stack.ConnectionString))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand("UPDATE huu_idempotency_keys SET claimed_at = claimed_at - interval '25 hours' WHERE key = @key", connection);
            age.Parameters.AddWithValue("key", key);
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        // Another body under the expired key: no 422, a new org, and the key now holds this request's answer.
        var later = UniqueName();
        using var again = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{later}}"}""", admin, key);
        var created = await Json(again, HttpStatusCode.Created);
        Assert.False(again.Headers.Contains(Replayed));
        Assert.Contains(later, await OrgNames());
        Assert.Equal((201, (long?)created.GetProperty("housing_org_id").GetInt64()), await StoredKey(key));
    }
}
