using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Storage;
using Npgsql;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// On silo start, writes the <c>huu_people</c> row of every stored user who has none yet (users stored
/// before migration 0005), through their user grain. Later changes keep the rows (the user grain writes
/// its row with every change and repairs it when it activates).
/// </summary>
public sealed class PeopleBackfill(GrainStateReader reader, NpgsqlDataSource dataSource, IGrainFactory grains, ILogger<PeopleBackfill> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            var known = new HashSet<long>();
            await using (var command = dataSource.CreateCommand("SELECT user_id FROM huu_people"))
            await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await rows.ReadAsync(cancellationToken))
                {
                    known.Add(rows.GetInt64(0));
                }
            }

            var missing = (await reader.ReadAll<UserState>(StateNames.User)).Where(u => u.Status is not null && !known.Contains(u.Id)).ToList();
            foreach (var user in missing)
            {
                await grains.GetGrain<IUserGrain>(user.Id).ResyncPeopleRow();
            }

            if (missing.Count > 0)
            {
                logger.LogInformation("Wrote the people rows of {Count} users stored before they were kept", missing.Count);
            }
        }
        catch (Exception e)
        {
            // The rows are repaired when each user grain activates; a start-up is not refused for them.
            logger.LogWarning("Could not backfill the people rows: {Error}", e.GetType().Name);
        }
    }
}
