namespace HomeUniteUs.Grains.ActivityList;

/// <summary>
/// <c>huu_people</c> (migration 0005): each person's role, housing org, lead flag and name, kept by their
/// user grain so that reads spanning many people (the activity list's reach) use a table of our own.
/// Writes are version-guarded: an older version never overwrites a newer one.
/// </summary>
public sealed class PeopleTable(NpgsqlDataSource dataSource, DatabasePools pools)
{
    private const string UpsertSql =
        """
        INSERT INTO huu_people AS p (user_id, role, housing_org_id, lead, full_name, active, moving, version, updated_at,
                                     email, first_name, middle_name, last_name, created_at_ticks, updated_at_ticks)
        VALUES (@id, @role, @org, @lead, @name, @active, false, @version, now(), @email, @first, @middle, @last, @created, @changed)
        ON CONFLICT (user_id) DO UPDATE
           SET role = EXCLUDED.role, housing_org_id = EXCLUDED.housing_org_id, lead = EXCLUDED.lead,
               full_name = EXCLUDED.full_name, active = EXCLUDED.active, moving = false,
               version = EXCLUDED.version, updated_at = now(),
               email = EXCLUDED.email, first_name = EXCLUDED.first_name, middle_name = EXCLUDED.middle_name,
               last_name = EXCLUDED.last_name, created_at_ticks = EXCLUDED.created_at_ticks, updated_at_ticks = EXCLUDED.updated_at_ticks
         WHERE p.version <= EXCLUDED.version
        """;

    /// <summary>
    /// Writes what <paramref name="person"/> is at <paramref name="version"/> (inactive: pending or deleted) and clears <c>moving</c>.
    /// A row at a higher version stays (the same version is rewritten: it clears <c>moving</c> and completes a row from before migration 0008).
    /// </summary>
    public Task Upsert(UserView person, bool active, long version)
    {
        ArgumentNullException.ThrowIfNull(person);
        return pools.Run(
            async () =>
            {
                await using var command = dataSource.CreateCommand(UpsertSql);
                command.Parameters.AddWithValue("id", person.Id);
                command.Parameters.AddWithValue("role", person.Role);
                command.Parameters.Add(new NpgsqlParameter<long?>("org", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = person.HousingOrgId });
                command.Parameters.AddWithValue("lead", person.Lead);
                command.Parameters.AddWithValue("name", person.FullName);
                command.Parameters.AddWithValue("active", active);
                command.Parameters.AddWithValue("version", version);
                command.Parameters.AddWithValue("email", person.Email);
                command.Parameters.AddWithValue("first", person.FirstName);
                command.Parameters.Add(new NpgsqlParameter<string?>("middle", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = person.MiddleName });
                command.Parameters.Add(new NpgsqlParameter<string?>("last", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = person.LastName });
                command.Parameters.AddWithValue("created", person.CreatedAt.UtcTicks);
                command.Parameters.AddWithValue("changed", person.UpdatedAt.UtcTicks);
                return await command.ExecuteNonQueryAsync();
            },
            repeatable: true);
    }

    /// <summary>
    /// Marks the person as in the middle of a membership change, before it is written: until the grain writes the
    /// new row (or repairs the old one), only admins and the person read their events.
    /// </summary>
    public Task MarkMoving(long userId) =>
        pools.Run(
            async () =>
            {
                await using var command = dataSource.CreateCommand("UPDATE huu_people SET moving = true, updated_at = now() WHERE user_id = @id");
                command.Parameters.AddWithValue("id", userId);
                return await command.ExecuteNonQueryAsync();
            },
            repeatable: true);

    /// <summary>The people marked moving for longer than <paramref name="olderThan"/> (a change interrupted by a crash).</summary>
    public Task<IReadOnlyList<long>> StillMoving(TimeSpan olderThan) =>
        pools.Run<IReadOnlyList<long>>(
            async () =>
            {
                await using var command = dataSource.CreateCommand("SELECT user_id FROM huu_people WHERE moving AND updated_at < now() - @age");
                command.Parameters.AddWithValue("age", olderThan);
                var ids = new List<long>();
                await using var rows = await command.ExecuteReaderAsync();
                while (await rows.ReadAsync())
                {
                    ids.Add(rows.GetInt64(0));
                }

                return ids;
            },
            repeatable: true);
}
