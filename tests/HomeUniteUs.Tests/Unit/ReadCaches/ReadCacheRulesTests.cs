using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.Extensions.Time.Testing;
using static HomeUniteUs.Tests.Infrastructure.Fakes;

namespace HomeUniteUs.Tests.Unit.ReadCaches;

/// <summary>
/// The gateway side of docs/read-cache-coherence.md, each test named after the rule it shows: a copy counts only under
/// the lease (rule 1), the lease is counted from the request (rule 2), a new hub activation drops every copy (rule 4),
/// a value fetched while its key changed is served but not kept (rule 5, the epoch), a copy older than
/// <see cref="ReadCache.MaxAge"/> is not served whatever the lease says (rule 7); and how misses of one key share fetches.
/// The cache's own clock is separate from the lease's, so aging a copy does not end the lease.
/// </summary>
public sealed class ReadCacheRulesTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider leaseClock = new(DateTimeOffset.UtcNow);
    private readonly FakeTimeProvider cacheClock = new(DateTimeOffset.UtcNow);
    private readonly FakeHubLease held;
    private readonly ReadCacheLease lease;
    private int fetches;
    private Guid hubActivation = Guid.NewGuid();

    public ReadCacheRulesTests()
    {
        held = new FakeHubLease(GrainsOf(ReadCacheHub(() => Task.FromResult(hubActivation))), leaseClock);
        lease = held.Lease;
    }

    public Task InitializeAsync() => held.StartHeld();

    public Task DisposeAsync() => held.Stop();

    public void Dispose() => held.Dispose();

    [Fact]
    public async Task A_copy_counts_only_under_the_lease()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock);
        await cache.Get(1, Fetch);
        await cache.Get(1, Fetch);
        Assert.Equal(1, fetches);

        using var unheld = held.New(leaseClock);
        var withoutLease = new ReadCache<long, byte[]>(unheld, cacheClock);
        await withoutLease.Get(1, Fetch);
        await withoutLease.Get(1, Fetch);
        Assert.Equal(3, fetches);
    }

    [Fact]
    public async Task A_value_fetched_while_its_key_changed_is_served_but_not_kept()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock);
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
    public async Task A_copy_older_than_MaxAge_is_not_served_even_under_the_lease()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock);
        await cache.Get(1, Fetch);
        cacheClock.Advance(ReadCache.MaxAge - TimeSpan.FromMilliseconds(1));
        await cache.Get(1, Fetch);
        Assert.Equal(1, fetches);

        cacheClock.Advance(TimeSpan.FromMilliseconds(1));
        await cache.Get(1, Fetch);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task A_dropped_or_cleared_copy_is_fetched_again_and_a_key_without_a_value_keeps_nothing()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock);
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

    [Fact]
    public async Task A_lease_is_counted_from_the_request_not_the_answer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requested = clock.GetUtcNow();
        var answer = new TaskCompletionSource<Guid>();
        var asked = 0;
        using var slow = new FakeHubLease(GrainsOf(ReadCacheHub(() => Interlocked.Increment(ref asked) == 1
            ? answer.Task
            : Task.FromException<Guid>(new TimeoutException()))), clock);
        var slowLease = slow.Lease;
        await slow.Start();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref asked) == 1, TimeSpan.FromSeconds(10)), "the lease never asked the hub");

        // The hub answers half a second after the request (later renewals fail, so nothing extends the lease).
        clock.Advance(TimeSpan.FromMilliseconds(500));
        answer.SetResult(hubActivation);
        Assert.True(SpinWait.SpinUntil(() => slowLease.IsHeld, TimeSpan.FromSeconds(10)), "the answer never granted the lease");

        clock.Advance(requested + IReadCacheHubGrain.Lease - TimeSpan.FromMilliseconds(1) - clock.GetUtcNow());
        Assert.True(slowLease.IsHeld);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(slowLease.IsHeld, "the lease ran past one lease length from the request");
        await slow.Stop();
    }

    [Fact]
    public async Task A_new_hub_activation_drops_every_copy()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock);
        lease.Attach(new ClearsOnRenewal(cache));
        await cache.Get(1, Fetch);
        await cache.Get(2, Fetch);
        await cache.Get(1, Fetch);
        Assert.Equal(2, fetches);

        // The hub's silo died; the renewal reaches a new activation (which knows no copy of this gateway).
        hubActivation = Guid.NewGuid();
        leaseClock.Advance(ReadCacheLease.RenewEvery);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref fetches) == 2)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the copy outlived the renewal with a new hub");
            await Task.Delay(20);
            await cache.Get(1, Fetch);
        }

        await cache.Get(2, Fetch);
        Assert.Equal(4, fetches);
    }

    [Fact]
    public async Task Misses_of_one_key_share_a_fetch_begun_since_the_last_drop_and_a_miss_after_a_drop_waits_for_a_fetch_that_began_after_it()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock, fetchesPerKey: 1);
        var first = new TaskCompletionSource<byte[]?>();
        var second = new TaskCompletionSource<byte[]?>();
        var started = 0;
        Task<byte[]?> Slow() => Interlocked.Increment(ref started) == 1 ? first.Task : second.Task;

        var running = cache.Get(1, Slow).AsTask();
        var early = Enumerable.Range(0, 3).Select(_ => cache.Get(1, Slow).AsTask()).ToList(); // nothing changed since it began
        cache.Drop(1); // a change acknowledged after the first fetch began: the misses after it must see it
        var late = Enumerable.Range(0, 3).Select(_ => cache.Get(1, Slow).AsTask()).ToList();
        Assert.Equal(1, started);

        first.SetResult([1]);
        Assert.Equal([1], await running);
        foreach (var answer in early)
        {
            Assert.Equal([1], await answer);
        }

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref started) == 2, TimeSpan.FromSeconds(10)), "the late misses' round never began");
        Assert.All(late, l => Assert.False(l.IsCompleted));
        second.SetResult([2]);
        foreach (var answer in late)
        {
            Assert.Equal([2], await answer);
        }

        Assert.Equal(2, started);
        Assert.Equal([2], await cache.Get(1, Slow));
    }

    [Fact]
    public async Task A_miss_after_a_clear_does_not_share_the_fetch_that_began_before_it()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock, fetchesPerKey: 1);
        var first = new TaskCompletionSource<byte[]?>();
        var started = 0;
        Task<byte[]?> Slow() => Interlocked.Increment(ref started) == 1 ? first.Task : Task.FromResult<byte[]?>([2]);

        var running = cache.Get(1, Slow).AsTask();
        cache.Clear();
        var late = cache.Get(1, Slow).AsTask();
        first.SetResult([1]);
        Assert.Equal([1], await running);
        Assert.Equal([2], await late);
        Assert.Equal(2, started);
    }

    [Fact]
    public async Task A_failed_fetch_fails_the_misses_that_shared_it_and_the_next_miss_fetches_again()
    {
        var cache = new ReadCache<long, byte[]>(lease, cacheClock, fetchesPerKey: 1);
        var first = new TaskCompletionSource<byte[]?>();
        var started = 0;
        Task<byte[]?> Slow() => Interlocked.Increment(ref started) == 1 ? first.Task : Task.FromResult<byte[]?>([2]);

        var running = cache.Get(1, Slow).AsTask();
        var sharing = cache.Get(1, Slow).AsTask();
        first.SetException(new InvalidOperationException("the grain failed"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => running);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sharing);
        Assert.Equal([2], await cache.Get(1, Slow));
        Assert.Equal(2, started);
    }

    private sealed class ClearsOnRenewal(ReadCache<long, byte[]> cache) : IReadCacheCopies
    {
        public void Changed(CachedRead kind, long id) => cache.Drop(id);

        public void Clear() => cache.Clear();
    }

    private Task<byte[]?> Fetch()
    {
        Interlocked.Increment(ref fetches);
        return Task.FromResult<byte[]?>([1, 2, 3]);
    }
}
