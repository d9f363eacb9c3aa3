using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.Grains.Idempotency;

/// <summary>
/// SQL over <c>huu_idempotency_keys</c> (migration 0004). A stateless worker: the row decides, so any
/// activation on any silo answers a repeat alike, whichever gateway it came through.
/// </summary>
[StatelessWorker]
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

    public async Task<IdempotencyClaim> Claim(string caller, string key, string requestHash)
    {
        await SweepNowAndThen();
        return await pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand(ClaimSql);
            command.Parameters.AddWithValue("caller", caller);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("hash", requestHash);
            command.Parameters.AddWithValue("retention", IdempotencyKeys.Retention);
            command.Parameters.AddWithValue("abandoned", IdempotencyKeys.AbandonedAfter);
            await using var reader = await command.ExecuteReaderAsync();
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
