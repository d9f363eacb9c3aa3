using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.Grains.Idempotency;

/// <summary>
/// Idempotency-Keys that a create records in its own write instead of claiming them first and settling them after
/// (the gateway's <c>IdempotencyMiddleware</c> protocol, two more round trips). The housing-org registry puts the key in
/// the new org's first state row and migration 0010's trigger stores it, completed, in the same statement; an answer
/// that creates nothing (the name is taken) is stored here with <see cref="RecordOrFind"/>. Both share the table of
/// <see cref="IdempotencyKeysGrain"/>, so a key is one caller's across every creating route alike. What a row holds is
/// read back as a <see cref="RecordedKey"/>, and <see cref="Decide"/> turns a row of another request, or one still
/// running, into the API's 422 or 409.
/// </summary>
public sealed class KeysRecordedByWrites(NpgsqlDataSource dataSource, DatabasePools pools)
{
    /// <summary>The statement failure that says the key is already held (raised by the trigger, or by a plain insert).</summary>
    public static bool IsHeld(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "huu_idempotency_keys_pkey" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Stores the key, completed with an answer of <paramref name="status"/> about <paramref name="createdId"/>, unless a
    /// row that has not expired holds it: then that row (null when this one was stored). The rule is migration 0010's
    /// <c>huu_record_key</c>, the one the trigger applies to a new org's row.
    /// </summary>
    public async Task<RecordedKey?> RecordOrFind(IdempotencyKeyRequest key, int status, long createdId)
    {
        var stored = await pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT huu_record_key(@caller, @key, @hash, @status, @created)");
            Add(command, key);
            command.Parameters.AddWithValue("status", status);
            command.Parameters.AddWithValue("created", createdId);
            return await command.ExecuteScalarAsync() is true;
        }, repeatable: true);
        return stored ? null : await Find(key);
    }

    /// <summary>The row that holds the key, or null when none does.</summary>
    public Task<RecordedKey?> Find(IdempotencyKeyRequest key) =>
        pools.Run(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT request_hash, completed_at IS NOT NULL, status, created_id FROM huu_idempotency_keys WHERE caller = @caller AND key = @key");
            Add(command, key);
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync()
                ? new RecordedKey(reader.GetString(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt64(3))
                : null;
        }, repeatable: true);

    /// <summary>
    /// What a held key means for <paramref name="key"/>'s request: the answer to replay (its status and the id it
    /// created or pointed at), or the API's error — another request of this caller used the key (422
    /// IDEMPOTENCY_KEY_REUSED), or the first request is still running, or left no answer this route can replay (409).
    /// </summary>
    public static (int Status, long CreatedId) Decide(IdempotencyKeyRequest key, RecordedKey? held)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (held is not null && held.RequestHash != key.RequestHash)
        {
            throw IdempotencyKeys.Reused();
        }

        return held is { Completed: true, Status: { } status, CreatedId: { } created }
            ? (status, created)
            : throw IdempotencyKeys.InProgress();
    }

    private static void Add(NpgsqlCommand command, IdempotencyKeyRequest key)
    {
        command.Parameters.AddWithValue("caller", key.Caller);
        command.Parameters.AddWithValue("key", key.Key);
        command.Parameters.AddWithValue("hash", key.RequestHash);
    }
}

/// <summary>A row of <c>huu_idempotency_keys</c>: whose request holds the key, whether it is done, and its answer.</summary>
public sealed record RecordedKey(string RequestHash, bool Completed, int? Status, long? CreatedId);
