using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>
/// The gateway's way to the Idempotency-Key table: the claims and the settlements of the requests in flight go to
/// <see cref="IIdempotencyKeysGrain.Exchange"/> together, in batches (<see cref="Batcher{TItem, TResult}"/>), so a busy
/// gateway makes one silo call and one PostgreSQL transaction for many keys instead of two for each request (a silo
/// call cost more than the key's SQL). The grain factory is resolved at the first key: a gateway serves /api/health
/// before any silo is reachable, when the cluster client cannot be had yet.
/// </summary>
public sealed class IdempotencyKeyStore
{
    /// <summary>Keys per call at most (a claim is five parameters and one row).</summary>
    public const int MaxBatch = 64;

    private readonly Batcher<Operation, IdempotencyClaim?> exchanges;

    public IdempotencyKeyStore(IServiceProvider services) =>
        exchanges = new(async batch =>
        {
            IdempotencySettlement[] settlements = [.. batch.Where(operation => operation.Settlement is not null).Select(operation => operation.Settlement!)];
            IdempotencyKeyRequest[] claims = [.. batch.Where(operation => operation.Claim is not null).Select(operation => operation.Claim!)];
            var answers = await services.GetRequiredService<IGrainFactory>().GetGrain<IIdempotencyKeysGrain>(0).Exchange(settlements, claims);
            var next = 0;
            return [.. batch.Select(operation => operation.Claim is null ? null : answers[next++])];
        }, MaxBatch);

    public async Task<IdempotencyClaim> Claim(IdempotencyKeyRequest request) =>
        (await exchanges.Submit(new Operation(request, null)))!;

    /// <summary>Stores the answer of a claimed request (or, with none, gives the claim up).</summary>
    public Task Settle(IdempotencyKeyRequest request, StoredAnswer? answer) =>
        exchanges.Submit(new Operation(null, new IdempotencySettlement(request, answer)));

    /// <summary>One claim or one settlement.</summary>
    private sealed record Operation(IdempotencyKeyRequest? Claim, IdempotencySettlement? Settlement);
}
