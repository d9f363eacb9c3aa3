using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.Grains.Idempotency;

/// <summary>
/// SQL over <c>huu_idempotency_keys</c> (migration 0004). A stateless worker: the row decides, so any
/// activation on any silo answers a repeat alike, whichever gateway it came through. Reentrant: each call is
/// one batch that holds nothing in memory (the sweep's clock at most runs twice), so the creates of all
/// callers wait for PostgreSQL side by side instead of queueing behind the silo's few activations.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class IdempotencyKeysGrain(NpgsqlDataSource dataSource, DatabasePools pools, TimeProvider clock) : Grain, IIdempotencyKeysGrain
{
    /// <summary>How often an activation sweeps expired keys as part of a claim.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    // One statement: insert the claim, or take over a row that expired or whose request was abandoned
    // (same request only); otherwise read the row that holds the key. Rows are only ever read by
    // (caller, key), so a row another transaction is inserting right now reads as "in progress".
    private const string ClaimSql =
        """
        WITH claimed AS (
            INSERT INTO huu_idempotency_keys AS k (caller, key, request_hash) VALUES (@caller, @key, @hash)
            ON CONFLICT (caller, key) DO UPDATE
               SET request_hash = EXCLUDED.request_hash, claimed_at = now(), completed_at = NULL,
                   status = NULL, content_type = NULL, location = NULL, body = NULL
             WHERE k.claimed_at < now() - @retention
                OR (k.completed_at IS NULL AND k.claimed_at < now() - @abandoned AND k.request_hash = EXCLUDED.request_hash)
            RETURNING 1)
        SELECT true, NULL::text, false, NULL::integer, NULL::text, NULL::text, NULL::bytea FROM claimed
        UNION ALL
        SELECT false, request_hash, completed_at IS NOT NULL, status, content_type, location, body
          FROM huu_idempotency_keys
         WHERE caller = @caller AND key = @key AND NOT EXISTS (SELECT 1 FROM claimed)
        """;

    private const string CompleteSql =
        """
        UPDATE huu_idempotency_keys
           SET completed_at = now(), status = @status, content_type = @contentType, location = @location, body = @body
         WHERE caller = @caller AND key = @key AND request_hash = @hash AND completed_at IS NULL
        """;

    private const string ReleaseSql =
        "DELETE FROM huu_idempotency_keys WHERE caller = @caller AND key = @key AND request_hash = @hash AND completed_at IS NULL";

    /// <summary>How often a batch is run in all when PostgreSQL chose its transaction as a deadlock's victim.</summary>
    private const int DeadlockAttempts = 3;

    private long lastSweep = long.MinValue;

    /// <summary>
    /// One batch (one round trip, one transaction): the settlements, then the claims, one statement each, all in the order
    /// of (caller, key) — a key's settlement before its claim — so two batches that lock the same rows lock them in the
    /// same order and never wait for each other in a circle. With settlements the commit is synchronous (a stored answer
    /// must outlive a crash of PostgreSQL). Claims alone commit without their own flush (<see cref="FlushedByNextCommit"/>):
    /// whatever the requests then change in PostgreSQL, and their settlement after, commit synchronously and flush the
    /// claims with them. A crash of PostgreSQL can so lose a claim only while nothing its request did after it is durable;
    /// the retry then claims afresh and runs, as it would after the claim was released or abandoned (effects outside
    /// PostgreSQL, a Cognito account, are kept single by the domain's own rules, as on every rerun). Other sessions see
    /// the claims at once.
    /// </summary>
    public async Task<IdempotencyClaim[]> Exchange(IdempotencySettlement[] settlements, IdempotencyKeyRequest[] claims)
    {
        ArgumentNullException.ThrowIfNull(settlements);
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Length > 0)
        {
            await SweepNowAndThen();
        }

        // Settlements first, then claims; OrderBy is stable, so a key's settlement stays ahead of its claim.
        Statement[] statements = [.. settlements.Select(settlement => new Statement(settlement.Request, null, () => SettleCommand(settlement)))
            .Concat(claims.Select((claim, index) => new Statement(claim, index, () => ClaimCommand(claim))))
            .OrderBy(statement => statement.Request.Caller, StringComparer.Ordinal)
            .ThenBy(statement => statement.Request.Key, StringComparer.Ordinal)];
        var flushedLater = settlements.Length == 0;

        return await RunBatch(async () =>
        {
            await using var batch = flushedLater ? FlushedByNextCommit.Batch(dataSource) : dataSource.CreateBatch();
            foreach (var statement in statements)
            {
                batch.BatchCommands.Add(statement.Command());
            }

            var answers = new IdempotencyClaim[claims.Length];
            await using var reader = await batch.ExecuteReaderAsync();
            // The reader's results are those of the statements that return rows: set_config's, then the claims' in order.
            var first = true;
            foreach (var claim in statements.Where(statement => statement.Claim is not null))
            {
                if (!first || flushedLater)
                {
                    await reader.NextResultAsync();
                }

                first = false;
                answers[claim.Claim!.Value] = await ReadClaim(reader, claim.Request.RequestHash);
            }

            return answers;
        }, repeatable: claims.Length == 0);
    }

    /// <summary>One statement of an exchange: its key, the claim's place in the answers (null for a settlement), its command.</summary>
    private sealed record Statement(IdempotencyKeyRequest Request, int? Claim, Func<NpgsqlBatchCommand> Command);

    private static NpgsqlBatchCommand ClaimCommand(IdempotencyKeyRequest claim) =>
        Command(ClaimSql, claim, ("retention", IdempotencyKeys.Retention), ("abandoned", IdempotencyKeys.AbandonedAfter));

    /// <summary>Stores the answer under the key, or with none gives the claim up (the request applied nothing).</summary>
    private static NpgsqlBatchCommand SettleCommand(IdempotencySettlement settlement) =>
        settlement.Answer is not { } answer
            ? Command(ReleaseSql, settlement.Request)
            : Command(CompleteSql, settlement.Request,
                ("status", answer.Status), ("contentType", (object?)answer.ContentType ?? DBNull.Value),
                ("location", (object?)answer.Location ?? DBNull.Value), ("body", answer.Body));

    private static async Task<IdempotencyClaim> ReadClaim(NpgsqlDataReader reader, string requestHash)
    {
        if (!await reader.ReadAsync())
        {
            // Another request inserted the key in this very moment: it is running.
            return new IdempotencyClaim(IdempotencyClaimOutcome.InProgress);
        }

        if (reader.GetBoolean(0))
        {
            return new IdempotencyClaim(IdempotencyClaimOutcome.Claimed);
        }

        if (reader.GetString(1) != requestHash)
        {
            return new IdempotencyClaim(IdempotencyClaimOutcome.Reused);
        }

        return reader.GetBoolean(2)
            ? new IdempotencyClaim(IdempotencyClaimOutcome.Replay, new StoredAnswer(
                reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? [] : (byte[])reader[6]))
            : new IdempotencyClaim(IdempotencyClaimOutcome.InProgress);
    }

    private static NpgsqlBatchCommand Command(string sql, IdempotencyKeyRequest request, params (string Name, object Value)[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("caller", request.Caller);
        command.Parameters.AddWithValue("key", request.Key);
        command.Parameters.AddWithValue("hash", request.RequestHash);
        foreach (var (name, value) in more)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>
    /// Runs a batch through <see cref="DatabasePools"/>. A deadlock rolled its whole transaction back, so it runs again:
    /// this grain's batches lock in one order, but the sweep deletes old rows in the table's.
    /// </summary>
    private async Task<T> RunBatch<T>(Func<Task<T>> batch, bool repeatable)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await pools.Run(batch, repeatable);
            }
            catch (PostgresException deadlock) when (deadlock.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < DeadlockAttempts)
            {
            }
        }
    }

    public Task<int> SweepExpired() =>
        pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand("DELETE FROM huu_idempotency_keys WHERE claimed_at < now() - @retention");
            command.Parameters.AddWithValue("retention", IdempotencyKeys.Retention);
            return await command.ExecuteNonQueryAsync();
        }, repeatable: true);

    private async Task SweepNowAndThen()
    {
        var now = clock.GetTimestamp();
        if (lastSweep != long.MinValue && clock.GetElapsedTime(lastSweep, now) < SweepInterval)
        {
            return;
        }

        lastSweep = now;
        await SweepExpired();
    }
}
