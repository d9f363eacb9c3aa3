using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.Grains.Idempotency;

/// <summary>
/// SQL over <c>huu_idempotency_keys</c> (migration 0004). A stateless worker: the row decides, so any
/// activation on any silo answers a repeat alike, whichever gateway it came through. Reentrant: each call is
/// one statement that holds nothing in memory (the sweep's clock at most runs twice), so the creates of all
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

    private long lastSweep = long.MinValue;

    /// <summary>
    /// The claim's commit is not flushed on its own (<see cref="FlushedByNextCommit"/>): whatever the request then
    /// changes in PostgreSQL, and the completion after it, commit synchronously and flush the claim with them. A crash
    /// of PostgreSQL can so lose a claim only while nothing the request did after it is durable; the retry then claims
    /// afresh and runs, as it would after the claim was released or abandoned (effects outside PostgreSQL, a Cognito
    /// account, are kept single by the domain's own rules, as on every rerun). Other sessions see the claim at once.
    /// </summary>
    public async Task<IdempotencyClaim> Claim(string caller, string key, string requestHash)
    {
        await SweepNowAndThen();
        return await pools.Run(async () =>
        {
            await using var batch = FlushedByNextCommit.Batch(dataSource);
            var command = new NpgsqlBatchCommand(ClaimSql);
            command.Parameters.AddWithValue("caller", caller);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("hash", requestHash);
            command.Parameters.AddWithValue("retention", IdempotencyKeys.Retention);
            command.Parameters.AddWithValue("abandoned", IdempotencyKeys.AbandonedAfter);
            batch.BatchCommands.Add(command);
            await using var reader = await batch.ExecuteReaderAsync();
            await reader.NextResultAsync(); // past set_config's row
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
        }, repeatable: false);
    }

    public Task Complete(string caller, string key, string requestHash, StoredAnswer answer) =>
        pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand(
                """
                UPDATE huu_idempotency_keys
                   SET completed_at = now(), status = @status, content_type = @contentType, location = @location, body = @body
                 WHERE caller = @caller AND key = @key AND request_hash = @hash AND completed_at IS NULL
                """);
            command.Parameters.AddWithValue("caller", caller);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("hash", requestHash);
            command.Parameters.AddWithValue("status", answer.Status);
            command.Parameters.AddWithValue("contentType", (object?)answer.ContentType ?? DBNull.Value);
            command.Parameters.AddWithValue("location", (object?)answer.Location ?? DBNull.Value);
            command.Parameters.AddWithValue("body", answer.Body);
            return await command.ExecuteNonQueryAsync();
        }, repeatable: true);

    public Task Release(string caller, string key, string requestHash) =>
        pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM huu_idempotency_keys WHERE caller = @caller AND key = @key AND request_hash = @hash AND completed_at IS NULL");
            command.Parameters.AddWithValue("caller", caller);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("hash", requestHash);
            return await command.ExecuteNonQueryAsync();
        }, repeatable: true);

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
