namespace HomeUniteUs.Grains.Interfaces.Idempotency;

/// <summary>
/// The Idempotency-Key table (API.md "Operations"): a creating POST claims its key before it runs and
/// completes it with its answer after, so a repeat with the same key, caller and request replays that
/// answer and applies nothing. Stateless: the PostgreSQL row is the truth, on every silo alike.
/// </summary>
public interface IIdempotencyKeysGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Claims <paramref name="key"/> of <paramref name="caller"/> for the request hashed as
    /// <paramref name="requestHash"/>, or says why not: another request holds it, it is running, or
    /// here is its answer.
    /// </summary>
    Task<IdempotencyClaim> Claim(string caller, string key, string requestHash);

    /// <summary>Stores the answer of a claimed request; later repeats replay it.</summary>
    Task Complete(string caller, string key, string requestHash, StoredAnswer answer);

    /// <summary>Gives a claim up (the request failed and applied nothing): a repeat runs it again.</summary>
    Task Release(string caller, string key, string requestHash);

    /// <summary>Deletes the keys older than <see cref="IdempotencyKeys.Retention"/>; returns how many.</summary>
    Task<int> SweepExpired();
}
