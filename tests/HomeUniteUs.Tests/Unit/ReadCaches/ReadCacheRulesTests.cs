using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static HomeUniteUs.Tests.Infrastructure.Fakes;

namespace HomeUniteUs.Tests.Unit.ReadCaches;

/// <summary>
/// The gateway side of docs/read-cache-coherence.md, one test per rule of a copy: it counts only under the lease
/// (rule 1), a body fetched while a change arrived is served but not kept (rule 5, the epoch), a copy ages out
/// after <see cref="ReadCache.MaxAge"/> whatever the lease says (rule 7), and a new hub activation drops everything (rule 4).
/// The cache's own clock is separate from the lease's, so aging a copy does not end the lease.
/// </summary>
public sealed class ReadCacheRulesTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider leaseClock = new(DateTimeOffset.UtcNow);
    private readonly FakeTimeProvider cacheClock = new(DateTimeOffset.UtcNow);
    private readonly ServiceProvider services;
    private readonly ReadCacheLease lease;
    private int fetches;

    public ReadCacheRulesTests()
    {
        services = new ServiceCollection().AddSingleton(Hub()).BuildServiceProvider();
        lease = new ReadCacheLease(services, leaseClock, NullLogger<ReadCacheLease>.Instance);
    }

    public async Task InitializeAsync()
    {
        await lease.StartAsync(CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => lease.IsHeld, TimeSpan.FromSeconds(10)), "the fake hub never granted the lease");
    }

    public Task DisposeAsync() => lease.StopAsync(CancellationToken.None);

    public void Dispose()
    {
        lease.Dispose();
        services.Dispose();
    }

    [Fact]
    public async Task Rule_1_a_copy_is_served_while_the_lease_holds_and_never_without_it()
    {
        var cache = new ReadCache(lease, cacheClock);
        await cache.Get(1, Fetch);
        await cache.Get(1, Fetch);
        Assert.Equal(1, fetches);

        using var unheld = new ReadCacheLease(services, leaseClock, NullLogger<ReadCacheLease>.Instance);
        var withoutLease = new ReadCache(unheld, cacheClock);
        await withoutLease.Get(1, Fetch);
        await withoutLease.Get(1, Fetch);
        Assert.Equal(3, fetches);
    }

    [Fact]
    public async Task Rule_5_a_body_fetched_while_a_change_arrived_is_served_once_but_not_kept()
    {
        var cache = new ReadCache(lease, cacheClock);
        var served = await cache.Get(1, () =>
        {
            cache.Drop(1); // the hub reports a change of this id while the fetch is on its way
            return Fetch();
        });

        Assert.NotNull(served);
        await cache.Get(1, Fetch);
        Assert.Equal(2, fetches);
        await cache.Get(1, Fetch);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Rule_7_a_copy_ages_out_after_MaxAge_even_under_the_lease()
    {
        var cache = new ReadCache(lease, cacheClock);
        await cache.Get(1, Fetch);
        cacheClock.Advance(ReadCache.MaxAge - TimeSpan.FromMilliseconds(1));
        await cache.Get(1, Fetch);
        Assert.Equal(1, fetches);

        cacheClock.Advance(TimeSpan.FromMilliseconds(1));
        await cache.Get(1, Fetch);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Rule_4_a_dropped_or_cleared_copy_is_fetched_again_and_an_id_without_a_body_keeps_nothing()
    {
        var cache = new ReadCache(lease, cacheClock);
        await cache.Get(1, Fetch);
        await cache.Get(2, Fetch);
        cache.Drop(1);
        await cache.Get(1, Fetch);
        await cache.Get(2, Fetch);
        Assert.Equal(3, fetches);

        cache.Clear();
        await cache.Get(1, Fetch);
        await cache.Get(2, Fetch);
        Assert.Equal(5, fetches);

        Assert.Null(await cache.Get(3, () => Task.FromResult<byte[]?>(null)));
        await cache.Get(3, Fetch);
        Assert.Equal(6, fetches);
    }

    /// <summary>A grain factory whose hub grants every lease (the lease's renewals ask it).</summary>
    private static IGrainFactory Hub()
    {
        var activation = Guid.NewGuid();
        return Fake<IGrainFactory>((method, _) => method.Name switch
        {
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(IReadCacheHubGrain) => Fake<IReadCacheHubGrain>((called, _) => called.Name == nameof(IReadCacheHubGrain.Subscribe)
                ? Task.FromResult(activation)
                : throw new NotSupportedException(called.Name)),
            nameof(IGrainFactory.CreateObjectReference) => Fake<IReadCacheObserver>((called, _) => throw new NotSupportedException(called.Name)),
            _ => throw new NotSupportedException(method.Name),
        });
    }

    private Task<byte[]?> Fetch()
    {
        Interlocked.Increment(ref fetches);
        return Task.FromResult<byte[]?>([1, 2, 3]);
    }
}
