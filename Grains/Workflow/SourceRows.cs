using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Journeys;
using HomeUniteUs.Grains.Matches;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// The rows of our own (migration 0008) that the dashboard is rebuilt from, one per grain: a guest's case, an
/// intake status, a journey's coordinator-set steps, a match. The owning grain writes its row after each state
/// write and again when it activates (repairing a write whose row was lost to a crash or an outage); the start-up
/// backfill writes the rows of states stored before. Every write is version-guarded: a row keeps the highest
/// version written, so a late, repeated or concurrent write never takes it backwards.
/// </summary>
public sealed class SourceRows(NpgsqlDataSource dataSource, DatabasePools pools, ILogger<SourceRows> logger)
{
    /// <summary>The case of <paramref name="state"/>'s guest (a deleted case as its tombstone).</summary>
    public Task Case(GuestCaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Upsert(
            """
            INSERT INTO huu_guest_cases AS t (guest_id, coordinator_id, status, notes, created_at_ticks, updated_at_ticks, case_exists, version)
            VALUES (@id, @coordinator, @status, @notes, @created, @updated, @exists, @version)
            ON CONFLICT (guest_id) DO UPDATE
               SET coordinator_id = EXCLUDED.coordinator_id, status = EXCLUDED.status, notes = EXCLUDED.notes, created_at_ticks = EXCLUDED.created_at_ticks,
                   updated_at_ticks = EXCLUDED.updated_at_ticks, case_exists = EXCLUDED.case_exists, version = EXCLUDED.version
             WHERE t.version < EXCLUDED.version
            """,
            state.GuestId,
            state.Version,
            parameters =>
            {
                parameters.AddWithValue("coordinator", state.CoordinatorId);
                parameters.AddWithValue("status", state.Status);
                parameters.AddWithValue("notes", state.Notes);
                parameters.AddWithValue("created", state.CreatedAt.UtcTicks);
                parameters.AddWithValue("updated", state.UpdatedAt.UtcTicks);
                parameters.AddWithValue("exists", state.Exists);
            });
    }

    /// <summary>The status of a saved intake profile (not its answers).</summary>
    public Task Intake(IntakeProfileState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Upsert(
            """
            INSERT INTO huu_intake_status AS t (user_id, status, updated_at_ticks, version) VALUES (@id, @status, @updated, @version)
            ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, updated_at_ticks = EXCLUDED.updated_at_ticks, version = EXCLUDED.version
             WHERE t.version < EXCLUDED.version
            """,
            state.Id,
            state.Version,
            parameters =>
            {
                parameters.AddWithValue("status", state.Status);
                parameters.AddWithValue("updated", state.UpdatedAt.UtcTicks);
            });
    }

    /// <summary>Which coordinator-set steps of a journey are complete.</summary>
    public Task Journey(JourneyState state) => Run(() => JourneyCommand(state));

    /// <summary>
    /// <see cref="Journey"/>'s upsert as a command of another batch: the journey grain sends it in the transaction that
    /// publishes the write's events (<see cref="ActivityList.ActivityOutbox.Write{T}"/>), one round trip and one commit fewer.
    /// </summary>
    public static NpgsqlBatchCommand JourneyCommand(JourneyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var steps = state.ToSteps();
        return Command(
            """
            INSERT INTO huu_journey_steps AS t (user_id, interview_complete, training_complete, version) VALUES (@id, @interview, @training, @version)
            ON CONFLICT (user_id) DO UPDATE
               SET interview_complete = EXCLUDED.interview_complete, training_complete = EXCLUDED.training_complete, version = EXCLUDED.version
             WHERE t.version < EXCLUDED.version
            """,
            state.UserId,
            state.Version,
            parameters =>
            {
                parameters.AddWithValue("interview", steps.InterviewComplete);
                parameters.AddWithValue("training", steps.TrainingComplete);
            });
    }

    /// <summary>Whose a match is, its status, whether it is live (not reserving, not undone) and when it was finalized.</summary>
    public Task Match(MatchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Upsert(
            """
            INSERT INTO huu_matches AS t (match_id, guest_id, host_id, status, live, finalized_at_ticks, version)
            VALUES (@id, @guest, @host, @status, @live, @finalized, @version)
            ON CONFLICT (match_id) DO UPDATE
               SET guest_id = EXCLUDED.guest_id, host_id = EXCLUDED.host_id, status = EXCLUDED.status, live = EXCLUDED.live,
                   finalized_at_ticks = EXCLUDED.finalized_at_ticks, version = EXCLUDED.version
             WHERE t.version < EXCLUDED.version
            """,
            state.Id,
            state.Version,
            parameters =>
            {
                parameters.AddWithValue("guest", state.GuestId);
                parameters.AddWithValue("host", state.HostId);
                parameters.AddWithValue("status", state.Status);
                parameters.AddWithValue("live", state.Phase == MatchState.Live);
                parameters.Add(new NpgsqlParameter<long?>("finalized", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = state.FinalizedAt?.UtcTicks });
            });
    }

    /// <summary>
    /// A grain's write of its row after its state write (or on activation). A failure fails nothing (the state write
    /// stands): it is logged and <paramref name="deactivate"/> ends the activation, whose successor writes the row again;
    /// the next silo start's backfill also writes any row behind its state.
    /// </summary>
    public async Task Keep(Func<SourceRows, Task> write, string source, long id, long version, Action deactivate)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(deactivate);
        try
        {
            await write(this);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not write the {Source} row of {Id} (version {Version}): {Error}; the next activation repairs it",
                source, id, version, e.GetType().Name);
            deactivate();
        }
    }

    private Task<int> Upsert(string sql, long id, long version, Action<NpgsqlParameterCollection> fill) => Run(() => Command(sql, id, version, fill));

    private static NpgsqlBatchCommand Command(string sql, long id, long version, Action<NpgsqlParameterCollection> fill)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("version", version);
        fill(command.Parameters);
        return command;
    }

    /// <summary>One upsert on its own (a batch of one: one round trip and one transaction, as a plain command); a new command per attempt.</summary>
    private Task<int> Run(Func<NpgsqlBatchCommand> command) =>
        pools.Run(
            async () =>
            {
                await using var batch = dataSource.CreateBatch();
                batch.BatchCommands.Add(command());
                return await batch.ExecuteNonQueryAsync();
            },
            repeatable: true);
}
