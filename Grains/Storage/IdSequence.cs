namespace HomeUniteUs.Grains.Storage;

/// <summary>Integer ids from PostgreSQL sequences: unique across silos and restarts, never reused.</summary>
public sealed class IdSequence(NpgsqlDataSource dataSource, DatabasePools pools)
{
    public const string Users = "huu_user_id_seq";
    public const string HousingOrgs = "huu_housing_org_id_seq";
    public const string Matches = "huu_match_id_seq";

    /// <summary>The next id; retried once on a fresh connection (a repeat only skips an id).</summary>
    public async Task<long> Next(string sequence) => (await NextBlock(sequence, 1))[0];

    /// <summary>
    /// <paramref name="count"/> ids in one statement (<see cref="Next"/> is a block of one), for a single writer that hands them out one by one (the housing-org
    /// registry); those it never hands out (it is deactivated first) are skipped, as a rolled-back <c>nextval</c> is.
    /// </summary>
    public Task<long[]> NextBlock(string sequence, int count) =>
        pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand($"SELECT nextval('{Checked(sequence)}') FROM generate_series(1, @count)");
            command.Parameters.AddWithValue("count", count);
            var ids = new List<long>(count);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids.ToArray();
        }, repeatable: true);

    /// <summary>Makes sure the sequence never hands out <paramref name="taken"/> (an id chosen by a client).</summary>
    public Task Reserve(string sequence, long taken) =>
        pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT setval('{Checked(sequence)}', GREATEST(@taken, (SELECT last_value FROM {Checked(sequence)})))");
            command.Parameters.AddWithValue("taken", taken);
            await command.ExecuteScalarAsync();
            return true;
        }, repeatable: true);

    private static string Checked(string sequence) =>
        sequence is Users or HousingOrgs or Matches ? sequence : throw new ArgumentOutOfRangeException(nameof(sequence));
}
