using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;

namespace HomeUniteUs.Grains.ActivityList;

/// <summary>
/// SQL over the activity list (<c>huu_activity</c>, migration 0005). Every insert takes one
/// transaction-scoped advisory lock first, so ids are assigned and committed in the same order: a
/// reader that has seen id N never later finds a smaller id (ids are a cursor). An insert names its
/// <c>source_key</c>, the change it records; inserting the same source twice keeps one event.
/// Reads apply reach by the person's current row in <c>huu_people</c> (see <see cref="ReachSql"/>).
/// After each commit that added events, <see cref="Committed"/> tells this silo's live-stream forwarder and the gateways'
/// read caches of activity pages, before the change that made the events is acknowledged.
/// </summary>
public sealed class ActivityStore(
    NpgsqlDataSource dataSource, DatabasePools pools, IGrainFactory grains, TimeProvider clock, ILogger<ActivityStore> logger)
{
    /// <summary>The advisory lock that orders inserts into huu_activity.</summary>
    public const long InsertLock = 0x4855_5541_4354; // "HUUACT"

    private const string InsertSql =
        """
        INSERT INTO huu_activity (type, at, user_id, actor_id, housing_org_id, details, source_key)
        VALUES (@type, @at, @user, @actor, @org, @details::jsonb, @source)
        ON CONFLICT (source_key) DO NOTHING
        RETURNING id
        """;

    /// <summary>
    /// Who a reader reaches, in SQL: the rule of <see cref="Reach.Includes"/> over the person's row
    /// <c>p</c> (a person without a row, or in the middle of a membership change, only an admin reads).
    /// <c>ActivityReachTests</c> checks it against <see cref="Reach.Includes"/> for every pair of scopes.
    /// </summary>
    public const string ReachSql =
        """
        (@admin
         OR p.user_id = @reader
         OR (@coordinator AND p.user_id IS NOT NULL AND NOT p.moving AND p.role <> 'admin'
             AND (p.housing_org_id IS NOT DISTINCT FROM @org
                  OR (@org IS NOT NULL AND p.housing_org_id IS NULL AND p.role <> 'coordinator'))))
        """;

    /// <summary>
    /// One page in one statement, so in one snapshot: the newest id kept (<c>n.newest</c>, on every row; the only row, with
    /// no event, when the page is empty) and the events the reader reaches after <c>@after</c>, walking the id index and
    /// stopping at <c>@limit</c> (<paramref name="direction"/> DESC: the last ones), oldest first. Ids commit in order
    /// (the insert lock), so the events a snapshot holds are every event up to its newest id: nothing below it can
    /// commit later.
    /// </summary>
    private static string PageSql(string direction) =>
        $"""
        SELECT n.newest, e.id, e.type, e.at, e.user_id, e.user_name, e.actor_id, e.housing_org_id, e.details
          FROM (SELECT coalesce(max(id), 0) AS newest FROM huu_activity) n
          LEFT JOIN LATERAL (
              SELECT a.id, a.type, a.at, a.user_id, coalesce(p.full_name, '') AS user_name, a.actor_id, a.housing_org_id,
                     a.details::text AS details
                FROM huu_activity a LEFT JOIN huu_people p ON p.user_id = a.user_id
               WHERE a.id > @after AND {ReachSql}
               ORDER BY a.id {direction}
               LIMIT @limit) e ON true
         ORDER BY e.id
        """;

    /// <summary>
    /// Run before the page in the same batch (<see cref="TransactionSetting"/>): the page is planned once per connection,
    /// for any reader and cursor, as a walk of the id index joined to each event's person and stopped at the limit. Left
    /// to choose, PostgreSQL plans it anew on every read (0.2–0.4 ms, a third of its time per page), and for a
    /// coordinator by a hash of every row of huu_people and a sort (a cost that grows with the program).
    /// </summary>
    public static NpgsqlBatchCommand GenericPlan() => TransactionSetting.Set("plan_cache_mode", "force_generic_plan");

    private static readonly string ReadAfterSql = PageSql("ASC");

    private static readonly string ReadLastSql = PageSql("DESC");

    /// <summary>
    /// Every event after the cursor, with its person's row as <see cref="ReachSql"/> reads it (role, org, lead, moving):
    /// what a gateway's live feed reads once for all its streams, then decides per stream with <see cref="Reach.Includes"/>.
    /// </summary>
    private const string ReadFeedSql =
        """
        SELECT a.id, a.type, a.at, a.user_id, coalesce(p.full_name, ''), a.actor_id, a.housing_org_id, a.details::text,
               p.role, p.housing_org_id, coalesce(p.lead, false), coalesce(p.moving, false)
          FROM huu_activity a LEFT JOIN huu_people p ON p.user_id = a.user_id
         WHERE a.id > @after AND a.id <= @newest
         ORDER BY a.id
         LIMIT @limit
        """;

    /// <summary>
    /// Raised on this silo after a transaction that added events committed, with the newest id it added: what the
    /// live streams listen to. Whoever commits events through <see cref="AppendIn"/> calls <see cref="Committed"/>.
    /// </summary>
    public event Action<long>? Appended;

    /// <summary>
    /// Events up to <paramref name="id"/> were committed: tells this silo's listeners (<see cref="Appended"/>) and then the
    /// gateways, whose cached activity pages no longer count (<see cref="CachedRead.Activity"/>; waited for like every
    /// read-cache report, so the first page read after the change's 2xx shows its events: docs/read-cache-coherence.md).
    /// </summary>
    public Task Committed(long id)
    {
        Appended?.Invoke(id);
        return ReadCacheNotifications.Changed(grains, CachedRead.Activity, 0, clock, logger);
    }

    /// <summary>
    /// <see cref="Committed"/> for events no request waits for (a reminder's): the gateways are told in the background, so a
    /// burst of reminders never queues behind the hub; a page read meanwhile may miss the event until they are.
    /// </summary>
    public void CommittedInBackground(long id) => _ = Task.Run(async () =>
    {
        try
        {
            await Committed(id);
        }
        catch (Exception e)
        {
            logger.LogWarning("The gateways could not be told of activity event {Id}; their pages age out (ReadCache.MaxAge): {Error}", id, e.GetType().Name);
        }
    });

    /// <summary>
    /// Records <paramref name="activity"/> as the event of <paramref name="sourceKey"/> in its own transaction; its id, or null
    /// when that source already has one. Used for reminders' events, which no request waits for (<see cref="CommittedInBackground"/>).
    /// </summary>
    public async Task<long?> Append(NewActivity activity, string sourceKey)
    {
        var id = await pools.Run(
            async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var id = await AppendIn(connection, transaction, activity, sourceKey);
                await transaction.CommitAsync();
                return id;
            },
            repeatable: true);
        if (id is { } added)
        {
            CommittedInBackground(added);
        }

        return id;
    }

    /// <summary>
    /// Records <paramref name="activity"/> inside the caller's <paramref name="transaction"/>, so the event
    /// commits with the change it records (a note and its <c>note_added</c>). Holds the insert lock until that commit.
    /// </summary>
    public static async Task<long?> AppendIn(NpgsqlConnection connection, NpgsqlTransaction transaction, NewActivity activity, string sourceKey)
    {
        ArgumentNullException.ThrowIfNull(activity);
        await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            locking.Parameters.AddWithValue("lock", InsertLock);
            await locking.ExecuteNonQueryAsync();
        }

        await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
        insert.Parameters.AddWithValue("type", activity.Type);
        insert.Parameters.AddWithValue("at", activity.At);
        insert.Parameters.AddWithValue("user", activity.UserId);
        insert.Parameters.AddWithValue("actor", (object?)activity.ActorId ?? DBNull.Value);
        insert.Parameters.AddWithValue("org", (object?)activity.HousingOrgId ?? DBNull.Value);
        insert.Parameters.AddWithValue("details", activity.DetailsJson);
        insert.Parameters.AddWithValue("source", sourceKey);
        return await insert.ExecuteScalarAsync() is long id ? id : null;
    }

    /// <summary>
    /// The page of <see cref="IActivityLogGrain.Read"/>, read in one statement (<see cref="PageSql"/>): the events up to
    /// the newest id of the same snapshot. <see cref="ActivityPage.Next"/> is the id of the last event returned when the
    /// page is full; otherwise that newest id (nothing up to it is left for this reader), so a reader of a quiet org
    /// does not scan the same foreign events on every poll.
    /// </summary>
    public Task<ActivityPage> Read(MemberScope reader, long? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return pools.Run(
            async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                var page = new NpgsqlBatchCommand(after is null ? ReadLastSql : ReadAfterSql);
                page.Parameters.AddWithValue("admin", reader.Role == UserRoles.Admin);
                page.Parameters.AddWithValue("coordinator", reader.Role == UserRoles.Coordinator);
                page.Parameters.AddWithValue("reader", reader.UserId);
                page.Parameters.Add(new NpgsqlParameter<long?>("org", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = reader.HousingOrgId });
                page.Parameters.AddWithValue("after", after ?? 0L);
                page.Parameters.AddWithValue("limit", limit);

                // GenericPlan holds for the page only. Both statements stay prepared on each pooled connection, so the page
                // is neither parsed nor planned again.
                await using var command = new NpgsqlBatch(connection) { BatchCommands = { GenericPlan(), page } };
                await command.PrepareAsync();
                var events = new List<ActivityEvent>(limit);
                var newest = 0L;
                await using (var rows = await command.ExecuteReaderAsync())
                {
                    await rows.NextResultAsync(); // past the setting's row
                    while (await rows.ReadAsync())
                    {
                        newest = rows.GetInt64(0);
                        if (!rows.IsDBNull(1))
                        {
                            events.Add(EventOf(rows, 1));
                        }
                    }
                }

                var full = after is not null && events.Count == limit;
                return new ActivityPage(events, full ? events[^1].Id : Math.Max(after ?? 0, newest));
            },
            repeatable: true);
    }

    /// <summary>
    /// The page of <see cref="IActivityLogGrain.ReadFeed"/>: every event after <paramref name="after"/> (cut at the newest id
    /// like <see cref="Read"/>), each with its person's scope from the same <c>huu_people</c> row <see cref="ReachSql"/> reads —
    /// none for a person without a row or in the middle of a membership change, whom only admins and the person reach.
    /// </summary>
    public Task<ActivityFeedPage> ReadFeed(long after, int limit) =>
        pools.Run(
            async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                var newest = await Newest(connection);
                await using var command = new NpgsqlCommand(ReadFeedSql, connection);
                command.Parameters.AddWithValue("after", after);
                command.Parameters.AddWithValue("newest", newest);
                command.Parameters.AddWithValue("limit", limit);
                var events = new List<ActivityEvent>();
                var people = new Dictionary<long, MemberScope>();
                await using (var rows = await command.ExecuteReaderAsync())
                {
                    while (await rows.ReadAsync())
                    {
                        var activity = EventOf(rows);
                        events.Add(activity);
                        if (!rows.IsDBNull(8) && !rows.GetBoolean(11))
                        {
                            people[activity.UserId] = new MemberScope(
                                activity.UserId, rows.GetString(8), rows.IsDBNull(9) ? null : rows.GetInt64(9), rows.GetBoolean(10));
                        }
                    }
                }

                var full = events.Count == limit;
                return new ActivityFeedPage(events, people, full ? events[^1].Id : Math.Max(after, newest));
            },
            repeatable: true);

    private static async Task<long> Newest(NpgsqlConnection connection)
    {
        await using var max = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM huu_activity", connection);
        return (long)(await max.ExecuteScalarAsync())!;
    }

    /// <summary>The event whose columns start at <paramref name="first"/>: id, type, at, user_id, user name, actor_id, housing_org_id, details.</summary>
    private static ActivityEvent EventOf(NpgsqlDataReader rows, int first = 0) => new(
        rows.GetInt64(first),
        rows.GetString(first + 1),
        rows.GetFieldValue<DateTimeOffset>(first + 2),
        rows.GetInt64(first + 3),
        rows.GetString(first + 4),
        rows.IsDBNull(first + 5) ? null : rows.GetInt64(first + 5),
        rows.IsDBNull(first + 6) ? null : rows.GetInt64(first + 6),
        rows.GetString(first + 7));
}
