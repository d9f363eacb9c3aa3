namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// A PostgreSQL setting for one batch only. A batch is one round trip and one implicit transaction (Npgsql sends a single
/// Sync), and <c>set_config(name, value, true)</c> holds until that transaction ends, so the setting never stays on the
/// pooled connection (<c>FlushedByNextCommitTests</c>, <c>ActivityPagePlanTests</c>).
/// </summary>
public static class TransactionSetting
{
    /// <summary>
    /// The batch's first command: sets <paramref name="name"/> to <paramref name="value"/> for the batch's transaction.
    /// Its one row is the batch's first result (skip it with <c>NextResultAsync</c> before reading the next).
    /// </summary>
    public static NpgsqlBatchCommand Set(string name, string value) =>
        new("SELECT set_config($1, $2, true)") { Parameters = { new NpgsqlParameter { Value = name }, new NpgsqlParameter { Value = value } } };
}
