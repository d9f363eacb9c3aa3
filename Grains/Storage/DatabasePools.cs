using HomeUniteUs.Grains.Telemetry;
using HomeUniteUs.Observability;

namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// The process's PostgreSQL connection pools. After an outage every pooled connection is
/// dead (the server ended its sessions): the first failure anywhere clears them all, so no
/// route keeps failing on a stale connection once the database is back. Also the one place
/// that retries a statement once on a fresh connection and says what a lasting failure means.
/// An outage is logged when the first statement is refused and when one succeeds again (with how
/// many were refused, also counted by <see cref="HuuMetrics.DatabaseRefusal"/>), not once per refusal.
/// </summary>
public sealed class DatabasePools(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DatabasePools> logger)
{
    private readonly OutageLog outage = new("The database", clock, logger);

    /// <summary>
    /// Closes every idle connection of the process (the Orleans ADO.NET providers' pools and
    /// the grains' data source); connections in use are discarded when they are returned.
    /// </summary>
    public void Clear()
    {
        NpgsqlConnection.ClearAllPools();
        dataSource.Clear();
    }

    /// <summary>A call answered 503 because of <paramref name="cause"/>: counted, and logged when it starts an outage.</summary>
    public void Refused(Exception cause)
    {
        HuuMetrics.DatabaseRefusal();
        outage.Refused(cause);
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
            var result = await statement();
            outage.Succeeded();
            return result;
        }
        catch (Exception first) when (DatabaseOutage.IsOutage(first))
        {
            Clear();
            if (!repeatable && !DatabaseOutage.CertainlyNotExecuted(first))
            {
                Refused(first);
                throw DatabaseOutage.Unavailable();
            }
        }

        try
        {
            var result = await statement();
            outage.Succeeded();
            return result;
        }
        catch (Exception second) when (DatabaseOutage.IsOutage(second))
        {
            Clear();
            Refused(second);
            throw DatabaseOutage.Unavailable();
        }
    }
}
