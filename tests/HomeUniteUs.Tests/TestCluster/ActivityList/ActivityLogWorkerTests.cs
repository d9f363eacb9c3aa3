using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.ActivityList;

/// <summary>
/// The activity list's worker has one key for every caller, so how many of its reads may wait for PostgreSQL at once
/// is what the list can serve under load. A non-reentrant stateless worker runs one call per activation, and a silo
/// keeps at most as many activations as it has cores: more readers than that would queue in the silo.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class ActivityLogWorkerTests(GrainCluster cluster)
{
    [Fact]
    public async Task Reads_of_many_callers_wait_for_PostgreSQL_side_by_side()
    {
        // More reads than both silos' activations could hold one at a time.
        var readers = 3 * 2 * Environment.ProcessorCount;
        var admin = new MemberScope(1, UserRoles.Admin, null, false);

        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var holding = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE huu_activity IN ACCESS EXCLUSIVE MODE", connection, holding))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var reads = Enumerable.Range(0, readers).Select(_ => cluster.Grains.GetGrain<IActivityLogGrain>(0).Read(admin, null, 10)).ToArray();
        var waiting = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && waiting < readers)
        {
            await Task.Delay(100);
            waiting = await WaitingOnTheTable(cluster.ConnectionString);
        }

        var answeredWhileLocked = reads.Count(read => read.IsCompleted);
        await holding.RollbackAsync();
        await Task.WhenAll(reads);

        Assert.Equal(readers, waiting);
        Assert.Equal(0, answeredWhileLocked);
    }

    /// <summary>
    /// The page reads of this database blocked by the lock on huu_activity (the test's own session is the holder; a writer
    /// of the cluster blocked meanwhile runs another statement and is not counted).
    /// </summary>
    private static async Task<long> WaitingOnTheTable(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE NOT l.granted AND l.relation = 'huu_activity'::regclass AND a.datname = current_database()
               AND a.query LIKE '%LEFT JOIN huu_people p ON p.user_id = a.user_id%'
            """, connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
