using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster;

/// <summary>
/// Orleans' one-grain read (the migrated <c>ReadFromStorageKey</c>) takes the unique grain index even where PostgreSQL has
/// no statistics (a fresh database, a state name that grew since the last ANALYZE): on a copy of <c>orleansstorage</c>
/// with its indexes, never analyzed, holding 3,000 rows of one state name, the read of a grain not stored yet must touch
/// a few blocks (local ones: the copy is a temporary table), not every row of that state name (migration 0009).
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class OrleansReadPlanTests(GrainCluster cluster)
{
    [Fact]
    public async Task The_read_of_a_grain_not_stored_yet_takes_the_unique_index_without_statistics()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await Run(connection, "CREATE TEMP TABLE plan_storage (LIKE orleansstorage INCLUDING ALL)");
        await Run(connection, """
            INSERT INTO plan_storage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
            SELECT (random() * 4e9 - 2e9)::int, 0, g, 12345, 'planState', NULL, 'plan', convert_to(repeat('x', 500), 'UTF8'), 1
              FROM generate_series(1, 3000) g
            """);

        string read;
        await using (var query = new NpgsqlCommand("SELECT querytext FROM orleansquery WHERE querykey = 'ReadFromStorageKey'", connection))
        {
            read = (string)(await query.ExecuteScalarAsync())!;
        }

        Assert.Matches("FROM OrleansStorage", read);
        await using var explain = new NpgsqlCommand(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + Regex.Replace(read, "FROM OrleansStorage", "FROM plan_storage").TrimEnd().TrimEnd(';'), connection);
        explain.Parameters.AddWithValue("GrainIdHash", 77);
        explain.Parameters.AddWithValue("GrainTypeHash", 12345);
        explain.Parameters.AddWithValue("ServiceId", "plan");
        explain.Parameters.AddWithValue("GrainIdN0", 0L);
        explain.Parameters.AddWithValue("GrainIdN1", 7000L);
        explain.Parameters.AddWithValue("GrainTypeString", "planState");
        explain.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value });
        var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement[0].GetProperty("Plan");

        var index = plan.TryGetProperty("Index Name", out var name) ? name.GetString() : null;
        var blocks = new[] { "Shared Hit Blocks", "Shared Read Blocks", "Local Hit Blocks", "Local Read Blocks" }.Sum(p => plan.GetProperty(p).GetInt64());
        Assert.True(index is not null && index.StartsWith("plan_storage_grainidhash_", StringComparison.Ordinal) && blocks <= 10,
            $"the read took {plan.GetProperty("Node Type").GetString()} on {index ?? "no index"}, {blocks} blocks: {plan}");
    }

    private static async Task Run(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
