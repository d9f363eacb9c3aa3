using HomeUniteUs.Grains.Storage;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.Storage;

/// <summary>
/// <see cref="FlushedByNextCommit.Batch"/> turns the commit flush off for its own transaction only: its writes commit
/// together (a failing write rolls the batch back), the setting is off inside it and back on for the next statement of
/// the same connection (a pool of one that keeps its session state: no reset when it is reused), so nothing else that
/// connection runs later loses its synchronous commit.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class FlushedByNextCommitTests(GrainCluster cluster)
{
    [Fact]
    public async Task The_batch_commits_its_writes_without_flush_and_leaves_the_connection_synchronous()
    {
        var table = "flush_probe_" + Guid.NewGuid().ToString("N");
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { MaxPoolSize = 1, NoResetOnClose = true }.ConnectionString);
        await Scalar(dataSource, $"CREATE TABLE {table} (id int PRIMARY KEY)");
        try
        {
            string inside;
            await using (var batch = FlushedByNextCommit.Batch(dataSource))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"INSERT INTO {table} VALUES (1)"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT current_setting('synchronous_commit')"));
                await using var reader = await batch.ExecuteReaderAsync();
                await reader.NextResultAsync(); // past set_config's row (the INSERT has no result set)
                Assert.True(await reader.ReadAsync());
                inside = reader.GetString(0);
            }

            Assert.Equal("off", inside);
            Assert.Equal("on", await Scalar(dataSource, "SELECT current_setting('synchronous_commit')"));
            Assert.Equal(1L, await Scalar(dataSource, $"SELECT count(*) FROM {table}"));

            await using (var failing = FlushedByNextCommit.Batch(dataSource))
            {
                failing.BatchCommands.Add(new NpgsqlBatchCommand($"INSERT INTO {table} VALUES (2)"));
                failing.BatchCommands.Add(new NpgsqlBatchCommand($"INSERT INTO {table} VALUES (1)"));
                await Assert.ThrowsAsync<PostgresException>(() => failing.ExecuteNonQueryAsync());
            }

            Assert.Equal(1L, await Scalar(dataSource, $"SELECT count(*) FROM {table}"));
            Assert.Equal("on", await Scalar(dataSource, "SELECT current_setting('synchronous_commit')"));
        }
        finally
        {
            await Scalar(dataSource, $"DROP TABLE {table}");
        }
    }

    private static async Task<object?> Scalar(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
