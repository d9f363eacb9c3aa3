namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// A write whose commit PostgreSQL need not flush on its own (<c>synchronous_commit = off</c> for its one transaction),
/// for rows that only matter together with a later synchronous commit of the same request. Safe because the grains'
/// data source and Orleans' storage use one connection string (one PostgreSQL cluster, one WAL): a synchronous commit
/// waits until the WAL is flushed up to its own record, and that flushes every commit written before it. So such a row
/// can be lost in a crash of PostgreSQL only together with every later commit of the request — never while an effect
/// that followed it stands. Visibility is unchanged: other sessions see the row as soon as it commits.
/// </summary>
public static class FlushedByNextCommit
{
    /// <summary>
    /// A batch (one round trip, one implicit transaction: Npgsql sends a single Sync) whose first command turns the
    /// flush off for that transaction only (<c>set_config(…, true)</c>, reverted when it ends); append the writes.
    /// </summary>
    public static NpgsqlBatch Batch(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        return batch;
    }
}
