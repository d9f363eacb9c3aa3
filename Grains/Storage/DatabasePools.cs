namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// The process's PostgreSQL connection pools. After an outage every pooled connection is
/// dead (the server ended its sessions): the first failure anywhere clears them all, so no
/// route keeps failing on a stale connection once the database is back. Also the one place
/// that retries a statement once on a fresh connection and says what a lasting failure means.
/// </summary>
public sealed partial class DatabasePools(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DatabasePools> logger)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    private long lastLogged = long.MinValue;

    /// <summary>
    /// Closes every idle connection of the process (the Orleans ADO.NET providers' pools and
    /// the grains' data source); connections in use are discarded when they are returned.
    /// </summary>
    public void Clear(Exception cause)
    {
        NpgsqlConnection.ClearAllPools();
        dataSource.Clear();
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref lastLogged);
        if ((last == long.MinValue || clock.GetElapsedTime(last, now) >= LogInterval)
            && Interlocked.CompareExchange(ref lastLogged, now, last) == last)
        {
            LogOutage(logger, cause.GetType().Name, cause.Message);
        }
    }

    /// <summary>
    /// Runs <paramref name="statement"/>; after an outage error, clears the pools and runs it
    /// once more on a fresh connection when <paramref name="repeatable"/> (a read or an
    /// idempotent write) or when it certainly never ran. A lasting outage is the domain's 503.
    /// </summary>
    public async Task<T> Run<T>(Func<Task<T>> statement, bool repeatable)
    {
        try
        {
            return await statement();
        }
        catch (Exception first) when (DatabaseOutage.IsOutage(first))
        {
            Clear(first);
            if (!repeatable && !DatabaseOutage.CertainlyNotExecuted(first))
            {
                throw DatabaseOutage.Unavailable();
            }
        }

        try
        {
            return await statement();
        }
        catch (Exception second) when (DatabaseOutage.IsOutage(second))
        {
            Clear(second);
            throw DatabaseOutage.Unavailable();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable ({Reason}: {Detail}); requests that need it answer 503, pooled connections were cleared")]
    private static partial void LogOutage(ILogger logger, string reason, string detail);
}
