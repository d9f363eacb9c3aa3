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
    /// <summary>A batch whose first command turns the flush off for that batch only (<see cref="TransactionSetting"/>); append the writes.</summary>
    public static NpgsqlBatch Batch(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(TransactionSetting.Set("synchronous_commit", "off"));
        return batch;
    }
}
