using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.Grains.Interfaces.Idempotency;

/// <summary>What a claim of an Idempotency-Key found.</summary>
public enum IdempotencyClaimOutcome
{
    /// <summary>The key is this request's now: run it, then complete or release the key.</summary>
    Claimed = 0,

    /// <summary>The key was used by this caller for another request (422 IDEMPOTENCY_KEY_REUSED).</summary>
    Reused,

    /// <summary>The first request with this key is still running (409).</summary>
    InProgress,

    /// <summary>The first request is done: <see cref="IdempotencyClaim.Answer"/> is its answer, to replay.</summary>
    Replay,
}

[GenerateSerializer, Immutable]
public sealed record IdempotencyClaim(IdempotencyClaimOutcome Outcome, StoredAnswer? Answer = null);

/// <summary>The answer of a request as it is replayed: status, body and the headers that describe it.</summary>
[GenerateSerializer, Immutable]
public sealed record StoredAnswer(int Status, string? ContentType, string? Location, byte[] Body);

/// <summary>How long keys live.</summary>
public static class IdempotencyKeys
{
    /// <summary>Keys are kept this long (API.md: 24 hours), then a repeat is a new request.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// A claim that was never completed nor released for this long belongs to a gateway that died with
    /// the request (no request runs that long: the cluster client gives up after 15 s); a repeat with the
    /// same request may claim it again.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(60);

    /// <summary>The key was used by this caller for another request: 422 IDEMPOTENCY_KEY_REUSED.</summary>
    public static HuuException Reused() =>
        new(ErrorKind.Invalid, ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was already used with another request");

    /// <summary>The first request with the key is still running: 409.</summary>
    public static HuuException InProgress() => HuuException.Conflict("A request with this Idempotency-Key is in progress");
}

/// <summary>A request's key: <see cref="Caller"/> (a user id, or anonymous) and the SHA-256 of the request it was sent with.</summary>
[GenerateSerializer, Immutable]
public sealed record IdempotencyKeyRequest(string Caller, string Key, string RequestHash);

/// <summary>What a claimed request ended with: <see cref="Answer"/> to store, or null to give the claim up.</summary>
[GenerateSerializer, Immutable]
public sealed record IdempotencySettlement(IdempotencyKeyRequest Request, StoredAnswer? Answer);
