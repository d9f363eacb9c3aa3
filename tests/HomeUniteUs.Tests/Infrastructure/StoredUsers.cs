using Npgsql;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Looks at the store directly: the user rows of grain storage.</summary>
public static class StoredUsers
{
    /// <summary>The stored user rows (any status) whose email matches, case-insensitively.</summary>
    public static async Task<int> Count(string connectionString, string email)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'user' AND lower(payloadjson->>'Email') = lower(@email)", connection);
        command.Parameters.AddWithValue("email", email);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The housing org stored for the one user row whose email matches (null: unaffiliated); throws when there is no such row.</summary>
    public static async Task<long?> HousingOrg(string connectionString, string email)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (payloadjson->>'HousingOrgId')::bigint FROM orleansstorage WHERE graintypestring = 'user' AND lower(payloadjson->>'Email') = lower(@email)", connection);
        command.Parameters.AddWithValue("email", email);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no stored user {email}");
        var org = reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0);
        Assert.False(await reader.ReadAsync(), $"more than one stored user {email}");
        return org;
    }

    /// <summary>The stored users whose email matches and whose account is usable (status active), case-insensitively.</summary>
    public static async Task<int> ActiveCount(string connectionString, string email)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'user' AND lower(payloadjson->>'Email') = lower(@email) AND payloadjson->>'Status' = 'active'", connection);
        command.Parameters.AddWithValue("email", email);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The grain state rows of any kind whose JSON contains <paramref name="text"/> (e.g. a federated Cognito username).</summary>
    public static async Task<int> RowsMentioning(string connectionString, string text)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansstorage WHERE strpos(payloadjson::text, @text) > 0", connection);
        command.Parameters.AddWithValue("text", text);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The open guest cases a coordinator owns, straight from the case rows.</summary>
    public static async Task<int> OpenCasesOf(string connectionString, long coordinatorId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'guestCase' AND (payloadjson->>'Exists')::boolean AND (payloadjson->>'CoordinatorId')::bigint = @id", connection);
        command.Parameters.AddWithValue("id", coordinatorId);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}
