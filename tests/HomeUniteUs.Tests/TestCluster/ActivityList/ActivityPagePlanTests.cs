using HomeUniteUs.Grains.ActivityList;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.ActivityList;

/// <summary>
/// The activity page runs <see cref="ActivityStore.GenericPlan"/> and its statement as one batch: the setting must hold
/// for the statements of that batch (one implicit transaction) and for nothing after it on the pooled connection.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class ActivityPagePlanTests(GrainCluster cluster)
{
    [Fact]
    public async Task The_generic_plan_setting_holds_for_its_batch_and_not_after_it()
    {
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { ActivityStore.GenericPlan(), new NpgsqlBatchCommand("SHOW plan_cache_mode") },
        };
        await batch.PrepareAsync();

        Assert.Equal("force_generic_plan", await Inside(batch));
        await using var after = new NpgsqlCommand("SHOW plan_cache_mode", connection);
        Assert.Equal("auto", await after.ExecuteScalarAsync());
        Assert.Equal("force_generic_plan", await Inside(batch));
        Assert.Equal("auto", await after.ExecuteScalarAsync());
    }

    /// <summary>What the batch's SHOW saw (its second result, after the setting's own row).</summary>
    private static async Task<string> Inside(NpgsqlBatch batch)
    {
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetString(0);
    }
}
