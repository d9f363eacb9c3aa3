using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>
/// The gateway's way to the Idempotency-Key table: the claims of the requests in flight go to
/// <see cref="IIdempotencyKeysGrain"/> in batches (<see cref="Batcher{TItem, TResult}"/>), and so do their
/// settlements, so a busy gateway makes one silo call and one PostgreSQL transaction for many keys instead of
/// two for each. The grain factory is resolved at the first key: a gateway serves /api/health before any silo
/// is reachable, when the cluster client cannot be had yet.
/// </summary>
public sealed class IdempotencyKeyStore
{
    /// <summary>Keys per call at most (a claim is five parameters and one row).</summary>
    public const int MaxBatch = 64;

    private readonly Batcher<IdempotencyKeyRequest, IdempotencyClaim> claims;
    private readonly Batcher<IdempotencySettlement, bool> settlements;

    public IdempotencyKeyStore(IServiceProvider services)
    {
        IIdempotencyKeysGrain Grain() => services.GetRequiredService<IGrainFactory>().GetGrain<IIdempotencyKeysGrain>(0);
        claims = new(batch => Grain().Claim(batch), MaxBatch);
        settlements = new(async batch =>
        {
            await Grain().Settle(batch);
            return new bool[batch.Length]; // nothing to answer: each settlement's task ends when its batch is committed
        }, MaxBatch);
    }

    public Task<IdempotencyClaim> Claim(IdempotencyKeyRequest request) => claims.Submit(request);

    /// <summary>Stores the answer of a claimed request (or, with none, gives the claim up).</summary>
    public Task Settle(IdempotencyKeyRequest request, StoredAnswer? answer) => settlements.Submit(new IdempotencySettlement(request, answer));
}
