namespace HomeUniteUs.Grains.Interfaces.Idempotency;

/// <summary>
/// The Idempotency-Key table (API.md "Operations"): a creating POST claims its key before it runs and
/// settles it after (its answer stored, or the claim given up), so a repeat with the same key, caller and
/// request replays that answer and applies nothing. Stateless: the PostgreSQL row is the truth, on every
/// silo alike. A gateway sends the settlements and the claims of the requests that arrived while its previous call was
/// on its way as one call, which PostgreSQL runs as one transaction, in the order of (caller, key).
/// </summary>
public interface IIdempotencyKeysGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Settles claimed keys — stores the answer of each request that has one (later repeats replay it), gives up the
    /// claim of each that has none (the request failed and applied nothing: a repeat runs it again) — and then claims
    /// keys, each for its request, or says why not: another request holds it, it is running, or here is its answer.
    /// One answer per claim, in the claims' order. A key claimed twice in one call is the first one's and "in progress"
    /// for the second; a key settled and claimed in one call is settled first.
    /// </summary>
    Task<IdempotencyClaim[]> Exchange(IdempotencySettlement[] settlements, IdempotencyKeyRequest[] claims);

    /// <summary>Deletes the keys older than <see cref="IdempotencyKeys.Retention"/>; returns how many.</summary>
    Task<int> SweepExpired();
}
