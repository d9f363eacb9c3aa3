using System.Globalization;
using System.Text.Json.Nodes;

namespace HomeUniteUs.Grains.ActivityList;

/// <summary>A grain's stored state that carries the activity events its writes make true (<see cref="ActivityOutbox"/>).</summary>
public interface IStagesActivity
{
    /// <summary>The events staged in <c>huu_activity_outbox</c> by this write or an earlier one, not yet known to be published.</summary>
    List<Guid> StagedEvents { get; set; }
}

/// <summary>Which grain staged an event: its kind (<c>huu_activity_outbox.source</c>) and key.</summary>
public readonly record struct ActivitySource(string Kind, long Key)
{
    public const string User = "user";
    public const string Journey = "journey";
    public const string Match = "match";
    public const string Intake = "intake";
}

/// <summary>
/// A row of the grain's own that follows its written state (e.g. <see cref="Workflow.SourceRows.JourneyCommand"/>), sent by
/// <see cref="ActivityOutbox.Write{T}"/> in the transaction that publishes the write's events instead of a transaction of
/// its own: <paramref name="Command"/> builds its version-guarded upsert from the written state (a new command per
/// attempt); <paramref name="Failed"/> runs when that transaction fails or is never sent (a failed follow-up): the grain
/// deactivates, so that its next activation writes the row again, as it does after any failed row write.
/// </summary>
public sealed record RowWithEvents<T>(Func<T, NpgsqlBatchCommand> Command, Action Failed);

/// <summary>
/// Invariant 11 through an outbox: every acknowledged change of a grain has exactly one event, even when the silo
/// dies between the grain's state write and the event. <see cref="Write{T}"/> stages the events as rows of
/// <c>huu_activity_outbox</c> first, then runs the grain's own state write with the staged ids in the state
/// (<see cref="IStagesActivity.StagedEvents"/>), then moves the rows into <c>huu_activity</c> in one transaction
/// (<see cref="Publish"/>; <c>source_key</c> <c>outbox:{id}</c>, so publishing twice keeps one event). So the state
/// row is the record of which staged events happened: a crash after the write leaves the ids in the stored state,
/// published on the grain's next activation or by <see cref="Settle{T}"/>; a crash (or a failed write) before it
/// leaves rows no stored state names, which <see cref="Settle{T}"/> deletes.
/// </summary>
public sealed class ActivityOutbox(NpgsqlDataSource dataSource, DatabasePools pools, ActivityStore store, ILogger<ActivityOutbox> logger)
{
    private const string StageSql =
        """
        INSERT INTO huu_activity_outbox (event_id, source, source_id, type, at, user_id, actor_id, housing_org_id, details)
        VALUES (@id, @source, @sourceId, @type, @at, @user, @actor, @org, @details::jsonb)
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>
    /// Takes the staged rows of @ids (rows already gone were published or discarded) and appends them to the activity
    /// list in the order staged, each under the source key <c>outbox:{id}</c> (a repeat keeps one event); the ids it
    /// added come back. Runs after the insert lock (<see cref="ActivityStore.InsertLock"/>) in the same transaction.
    /// </summary>
    private const string MoveSql =
        """
        WITH taken AS (
            DELETE FROM huu_activity_outbox WHERE event_id = ANY(@ids)
            RETURNING event_id, type, at, user_id, actor_id, housing_org_id, details)
        INSERT INTO huu_activity (type, at, user_id, actor_id, housing_org_id, details, source_key)
        SELECT type, at, user_id, actor_id, housing_org_id, details, 'outbox:' || event_id::text
          FROM taken
         ORDER BY array_position(@ids, event_id)
        ON CONFLICT (source_key) DO NOTHING
        RETURNING id
        """;

    private const string DiscardSql =
        """
        DELETE FROM huu_activity_outbox
         WHERE source = @source AND source_id = @sourceId AND staged_at < now() - @age AND NOT (event_id = ANY(@written))
        """;

    /// <summary>How old a staged row must be before recovery decides it (a write in progress is never that slow).</summary>
    public static readonly TimeSpan SettleAfter = TimeSpan.FromSeconds(30);

    /// <summary>The details object of an event as JSON text, from name/value pairs (null values are kept as null).</summary>
    public static string Details(params (string Name, object? Value)[] fields)
    {
        var details = new JsonObject();
        foreach (var (name, value) in fields)
        {
            details[name] = value switch
            {
                null => null,
                DateTimeOffset time => UtcTimestamp.Format(time),
                _ => JsonValue.Create(value),
            };
        }

        return details.ToJsonString();
    }

    /// <summary>
    /// Stages <paramref name="events"/>, sets <paramref name="next"/>'s staged ids (earlier unpublished ones kept), runs
    /// <paramref name="write"/> (the grain's own state write of <paramref name="next"/>), then the grain's
    /// <paramref name="followUp"/> (what else the written state asks for, e.g. its reminders), then publishes. A failed
    /// staging fails the change before anything is written; a failed follow-up fails the change but leaves the events
    /// staged, so recovery runs the follow-up again before it publishes (<see cref="Publish"/>, <see cref="Settle{T}"/>);
    /// a failed publish fails nothing (recovery finishes it). A <paramref name="row"/> is written in the publishing
    /// transaction (see <see cref="RowWithEvents{T}"/>), synchronously committed like it: it is the row's only commit.
    /// </summary>
    public async Task Write<T>(
        IPersistentState<T> stored, T next, ActivitySource source, IReadOnlyList<NewActivity> events, Func<Task> write, Func<T, Task>? followUp = null, RowWithEvents<T>? row = null)
        where T : IStagesActivity
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(write);
        var fresh = events.Select(_ => Guid.CreateVersion7()).ToList();
        if (fresh.Count > 0)
        {
            await Stage(source, fresh, events);
            Access.CrashPoints.Reach($"{Access.CrashPoints.ActivityAfterStage}:{source.Kind}");
        }

        // On a failed write the state in memory is either the previous one (with its own staged ids) or next (with
        // these): either way the ids follow the state memory holds, and storage decides at recovery.
        next.StagedEvents = [.. stored.State.StagedEvents, .. fresh];
        await write();
        if (fresh.Count > 0)
        {
            Access.CrashPoints.Reach($"{Access.CrashPoints.ActivityAfterWrite}:{source.Kind}");
        }

        var written = stored.State;
        if (followUp is not null)
        {
            try
            {
                await followUp(written);
            }
            catch
            {
                row?.Failed(); // the row waits for the publish, which a failed follow-up leaves to recovery
                throw;
            }
        }

        if (!await Publish(written, row is null ? null : () => row.Command(written)))
        {
            row?.Failed();
        }
    }

    /// <summary>
    /// On a grain's activation: a state with staged events may come from a write whose follow-up never ran (the silo died
    /// after the write), so the follow-up runs again (it must be idempotent) before the events are published. A follow-up
    /// that fails leaves them staged for recovery and does not fail the activation.
    /// </summary>
    public async Task Resume<T>(T state, Func<T, Task> followUp)
        where T : IStagesActivity
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(followUp);
        if (state.StagedEvents.Count == 0)
        {
            return;
        }

        try
        {
            await followUp(state);
        }
        catch (Exception e)
        {
            logger.LogWarning("A follow-up of a write with staged events failed; recovery runs it again: {Error}", e.GetType().Name);
            return;
        }

        await Publish(state);
    }

    /// <summary>
    /// Moves the staged events of <paramref name="state"/> into the activity list and forgets them in memory (storage
    /// keeps them until the next write; publishing an id again is a no-op). A failure is logged and leaves them staged.
    /// </summary>
    public Task Publish(IStagesActivity state) => Publish(state, null);

    /// <summary><see cref="Publish(IStagesActivity)"/> with <paramref name="also"/> in its transaction (run even with no events); false when it failed.</summary>
    private async Task<bool> Publish(IStagesActivity state, Func<NpgsqlBatchCommand>? also)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ids = state.StagedEvents.ToList();
        long? newest;
        try
        {
            newest = await MoveToActivity(ids, also);
            state.StagedEvents = [.. state.StagedEvents.Except(ids)];
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not publish {Count} staged activity event(s){Row}; recovery publishes them: {Error}",
                ids.Count, also is null ? "" : " nor write the row that goes with them", e.GetType().Name);
            return false;
        }

        // Outside the catch: the events are in; if the gateways cannot be told, the change is not acknowledged (503).
        if (newest is { } id)
        {
            await store.Committed(id);
        }

        return true;
    }

    /// <summary>
    /// Decides this grain's staged rows older than <see cref="SettleAfter"/>: reads the stored state again (memory may
    /// hold a write whose outcome was unknown), runs the grain's follow-up for a state that names staged events (a failure
    /// leaves everything for the next round), publishes what it names, and deletes the rest, which no write made true.
    /// </summary>
    public async Task Settle<T>(IPersistentState<T> stored, ActivitySource source, Func<T, Task>? followUp = null)
        where T : IStagesActivity
    {
        ArgumentNullException.ThrowIfNull(stored);
        await stored.ReadStateAsync();
        var written = stored.State.StagedEvents.ToArray();
        if (written.Length > 0 && followUp is not null)
        {
            await followUp(stored.State);
        }

        if (await MoveToActivity(written) is { } newest)
        {
            await store.Committed(newest);
        }

        stored.State.StagedEvents = [];
        var discarded = await pools.Run(
            async () =>
            {
                await using var command = dataSource.CreateCommand(DiscardSql);
                command.Parameters.AddWithValue("source", source.Kind);
                command.Parameters.AddWithValue("sourceId", SourceId(source));
                command.Parameters.AddWithValue("age", SettleAfter);
                command.Parameters.AddWithValue("written", written);
                return await command.ExecuteNonQueryAsync();
            },
            repeatable: true);
        if (discarded > 0)
        {
            logger.LogWarning("Discarded {Count} staged activity event(s) of {Source} {Key} whose change was never written", discarded, source.Kind, source.Key);
        }
    }

    /// <summary>The grains (kind and key) with a staged row older than <paramref name="age"/>.</summary>
    public Task<IReadOnlyList<ActivitySource>> Stale(TimeSpan age, int limit) =>
        pools.Run<IReadOnlyList<ActivitySource>>(
            async () =>
            {
                await using var command = dataSource.CreateCommand(
                    "SELECT DISTINCT source, source_id FROM huu_activity_outbox WHERE staged_at < now() - @age LIMIT @limit");
                command.Parameters.AddWithValue("age", age);
                command.Parameters.AddWithValue("limit", limit);
                var sources = new List<ActivitySource>();
                await using var rows = await command.ExecuteReaderAsync();
                while (await rows.ReadAsync())
                {
                    if (long.TryParse(rows.GetString(1), NumberStyles.None, CultureInfo.InvariantCulture, out var key))
                    {
                        sources.Add(new ActivitySource(rows.GetString(0), key));
                    }
                }

                return sources;
            },
            repeatable: true);

    private static string SourceId(ActivitySource source) => source.Key.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Stages the rows without flushing their commit on its own (<see cref="FlushedByNextCommit"/>): the grain's state
    /// write that follows commits synchronously and flushes them with it. Lost in a crash of PostgreSQL, they are lost
    /// with that write too, so no stored state names them — the case of a failed write, which stages nothing lasting.
    /// </summary>
    private Task<int> Stage(ActivitySource source, List<Guid> ids, IReadOnlyList<NewActivity> events) =>
        pools.Run(
            async () =>
            {
                await using var batch = FlushedByNextCommit.Batch(dataSource);
                for (var i = 0; i < ids.Count; i++)
                {
                    var command = new NpgsqlBatchCommand(StageSql);
                    command.Parameters.AddWithValue("id", ids[i]);
                    command.Parameters.AddWithValue("source", source.Kind);
                    command.Parameters.AddWithValue("sourceId", SourceId(source));
                    command.Parameters.AddWithValue("type", events[i].Type);
                    command.Parameters.AddWithValue("at", events[i].At);
                    command.Parameters.AddWithValue("user", events[i].UserId);
                    command.Parameters.Add(new NpgsqlParameter<long?>("actor", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = events[i].ActorId });
                    command.Parameters.Add(new NpgsqlParameter<long?>("org", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = events[i].HousingOrgId });
                    command.Parameters.AddWithValue("details", events[i].DetailsJson);
                    batch.BatchCommands.Add(command);
                }

                return await batch.ExecuteNonQueryAsync();
            },
            repeatable: true);

    /// <summary>
    /// In one round trip and one transaction (a batch: <paramref name="also"/> when given, the insert lock, then
    /// <see cref="MoveSql"/>): takes the outbox rows of <paramref name="ids"/> and appends them in the order staged, so ids
    /// are assigned and committed in order as <see cref="ActivityStore.AppendIn"/> does it. <paramref name="also"/> goes
    /// first, before the lock, so that the lock every insert of the list waits for is held no longer than before.
    /// The newest id it added, or null when it added none; the caller announces it (<see cref="ActivityStore.Committed"/>).
    /// </summary>
    private async Task<long?> MoveToActivity(IReadOnlyList<Guid> ids, Func<NpgsqlBatchCommand>? also = null)
    {
        if (ids.Count == 0 && also is null)
        {
            return null;
        }

        var wanted = ids.ToArray();
        return await pools.Run(
            async () =>
            {
                await using var batch = dataSource.CreateBatch();
                if (also is not null)
                {
                    batch.BatchCommands.Add(also()); // no result set: the reader starts at the lock's
                }

                if (wanted.Length == 0)
                {
                    await batch.ExecuteNonQueryAsync();
                    return (long?)null;
                }

                var locking = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@lock)");
                locking.Parameters.AddWithValue("lock", ActivityStore.InsertLock);
                batch.BatchCommands.Add(locking);
                var move = new NpgsqlBatchCommand(MoveSql);
                move.Parameters.AddWithValue("ids", wanted);
                batch.BatchCommands.Add(move);
                long? last = null;
                await using var rows = await batch.ExecuteReaderAsync();
                await rows.NextResultAsync(); // past the lock's row
                while (await rows.ReadAsync())
                {
                    last = Math.Max(last ?? 0, rows.GetInt64(0));
                }

                return last;
            },
            repeatable: true);
    }
}
