using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Journeys;
using HomeUniteUs.Grains.Matches;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.Grains.Workflow;
using Npgsql;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// On silo start, writes the rows of our own that the dashboard is rebuilt from (<c>huu_people</c>, migrations 0005 and
/// 0008) for every state stored in Orleans' storage whose row is missing or behind it: states stored before the rows
/// were kept, and a write whose row was lost (a crash between the state write and the row's) of a grain that has not
/// activated since. The one reader of Orleans' payload for these tables (<see cref="GrainStateReader"/>, with the
/// storage provider's serializer); a row already at the state's version is left alone, so a start with nothing to do
/// writes nothing. A person's row is written by their user grain (which also clears a membership change's mark);
/// the others straight from the stored state, version-guarded against the grain writing a newer one meanwhile.
/// </summary>
public sealed class SourcesBackfill(
    GrainStateReader reader,
    SourceRows rows,
    NpgsqlDataSource dataSource,
    DatabasePools pools,
    IGrainFactory grains,
    ILogger<SourcesBackfill> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            var written = await Run(cancellationToken);
            if (written > 0)
            {
                logger.LogInformation("Wrote {Count} dashboard source rows that were missing or behind their stored state", written);
            }
        }
        catch (Exception e)
        {
            // Each grain repairs its own row when it activates; a start-up is not refused for them.
            logger.LogWarning("Could not backfill the dashboard source rows: {Error}", e.GetType().Name);
        }
    }

    /// <summary>Writes every missing or stale row; how many.</summary>
    public async Task<int> Run(CancellationToken cancellationToken = default)
    {
        // A person's row from before migration 0008 (no created_at_ticks) counts as behind.
        var users = await reader.ReadAll<UserState>(StateNames.User);
        var written = await Fill(
            "SELECT user_id, CASE WHEN created_at_ticks IS NULL THEN -1 ELSE version END FROM huu_people",
            users.Where(u => u.Status is not null), u => u.Id, u => u.Version,
            u => grains.GetGrain<IUserGrain>(u.Id).ResyncPeopleRow(), cancellationToken);

        written += await Fill(
            "SELECT guest_id, version FROM huu_guest_cases",
            await reader.ReadAll<GuestCaseState>(StateNames.GuestCase), c => c.GuestId, c => c.Version, rows.Case, cancellationToken);

        // The status only: the answers can be large.
        var intakes = await reader.ReadFields<IntakeProfileState>(IntakeProfileState.StateName,
            nameof(IntakeProfileState.Id), nameof(IntakeProfileState.Status), nameof(IntakeProfileState.UpdatedAt), nameof(IntakeProfileState.Version));
        written += await Fill(
            "SELECT user_id, version FROM huu_intake_status",
            intakes.Where(i => i.Id > 0), i => i.Id, i => i.Version, rows.Intake, cancellationToken);

        written += await Fill(
            "SELECT user_id, version FROM huu_journey_steps",
            await reader.ReadAll<JourneyState>(StateNames.Journey), j => j.UserId, j => j.Version, rows.Journey, cancellationToken);

        written += await Fill(
            "SELECT match_id, version FROM huu_matches",
            await reader.ReadAll<MatchState>(StateNames.Match), m => m.Id, m => m.Version, rows.Match, cancellationToken);
        return written;
    }

    /// <summary>Writes the row of each of <paramref name="states"/> that <paramref name="versionsSql"/> (id, version) shows missing or older.</summary>
    private async Task<int> Fill<T>(
        string versionsSql,
        IEnumerable<T> states,
        Func<T, long> id,
        Func<T, long> version,
        Func<T, Task> write,
        CancellationToken cancellationToken)
    {
        var known = await pools.Run(
            async () =>
            {
                var versions = new Dictionary<long, long>();
                await using var command = dataSource.CreateCommand(versionsSql);
                await using var found = await command.ExecuteReaderAsync(cancellationToken);
                while (await found.ReadAsync(cancellationToken))
                {
                    versions[found.GetInt64(0)] = found.GetInt64(1);
                }

                return versions;
            },
            repeatable: true);

        // A few at a time: the first start after migration 0008 completes every person's row through their grain.
        var behind = states.Where(s => !known.TryGetValue(id(s), out var row) || row < version(s)).ToList();
        await Parallel.ForEachAsync(
            behind,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (state, _) => await write(state));
        return behind.Count;
    }
}
