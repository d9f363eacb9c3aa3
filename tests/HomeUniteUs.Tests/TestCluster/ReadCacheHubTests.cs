using System.Diagnostics;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeUniteUs.Tests.TestCluster;

/// <summary>
/// The read-cache hub and a gateway's side of it (lease, copies) on the grain cluster: a change returns
/// only once every leaseholder dropped its copy, a holder that does not answer costs at most its lease,
/// a gateway whose lease lapsed serves nothing from memory, and one that stops leaves the hub (the holder that does not answer: <see cref="ReadCacheHubClockTests"/>).
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class ReadCacheHubTests(GrainCluster cluster)
{
    private IReadCacheHubGrain Hub => cluster.Grains.GetGrain<IReadCacheHubGrain>(0);

    [Fact]
    public async Task A_write_is_acknowledged_only_after_every_leaseholder_dropped_its_copy()
    {
        var first = new RecordingObserver();
        var second = new RecordingObserver();
        var references = new[] { first, second }.Select(o => cluster.Cluster.Client.CreateObjectReference<IReadCacheObserver>(o)).ToList();
        foreach (var reference in references)
        {
            await Hub.Subscribe(reference);
        }

        await Hub.Changed(CachedRead.HousingOrg, 4242);

        Assert.Contains((CachedRead.HousingOrg, 4242L), first.Seen);
        Assert.Contains((CachedRead.HousingOrg, 4242L), second.Seen);
        references.ForEach(r => cluster.Cluster.Client.DeleteObjectReference<IReadCacheObserver>(r));
    }

    [Fact]
    public async Task A_copy_counts_only_under_the_lease_and_a_reported_change_drops_it()
    {
        var clock = new ManualClock();
        await using var services = new ServiceCollection().AddSingleton(cluster.Grains).BuildServiceProvider();
        using var lease = new ReadCacheLease(services, clock, NullLogger<ReadCacheLease>.Instance);
        var cache = new ReadCache<long, byte[]>(lease, clock);
        lease.Attach(new DropsOnChange(cache));
        await lease.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntil(() => lease.IsHeld);
            var fetches = 0;
            Task<byte[]?> Fetch()
            {
                fetches++;
                return Task.FromResult<byte[]?>([(byte)fetches]);
            }

            await cache.Get(31, Fetch);
            await cache.Get(31, Fetch);
            Assert.Equal(1, fetches);

            await Hub.Changed(CachedRead.HousingOrg, 31);
            await cache.Get(31, Fetch);
            await cache.Get(31, Fetch);
            Assert.Equal(2, fetches);

            clock.Advance(IReadCacheHubGrain.Lease + TimeSpan.FromSeconds(1));
            Assert.False(lease.IsHeld);
            await cache.Get(31, Fetch);
            Assert.Equal(3, fetches);

            // Renewed: copies count again.
            await WaitUntil(() => lease.IsHeld);
            var before = fetches;
            await cache.Get(31, Fetch);
            await cache.Get(31, Fetch);
            Assert.Equal(before + 1, fetches);
        }
        finally
        {
            await lease.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_copy_fetched_during_a_change_is_served_once_but_not_kept()
    {
        var clock = new ManualClock();
        await using var services = new ServiceCollection().AddSingleton(cluster.Grains).BuildServiceProvider();
        using var lease = new ReadCacheLease(services, clock, NullLogger<ReadCacheLease>.Instance);
        var cache = new ReadCache<long, byte[]>(lease, clock);
        await lease.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntil(() => lease.IsHeld);
            var slow = new TaskCompletionSource<byte[]?>();
            var pending = cache.Get(5, () => slow.Task);
            cache.Drop(5);
            slow.SetResult([1]);
            Assert.Equal([1], await pending);

            var fetched = false;
            await cache.Get(5, () =>
            {
                fetched = true;
                return Task.FromResult<byte[]?>([2]);
            });
            Assert.True(fetched);
        }
        finally
        {
            await lease.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_gateway_that_stops_takes_its_leave_and_is_told_of_no_change_after_it()
    {
        var clock = new ManualClock();
        await using var services = new ServiceCollection().AddSingleton(cluster.Grains).BuildServiceProvider();
        using var lease = new ReadCacheLease(services, clock, NullLogger<ReadCacheLease>.Instance);
        var copies = new RecordingCopies();
        lease.Attach(copies);
        await lease.StartAsync(CancellationToken.None);
        await WaitUntil(() => lease.IsHeld);
        await Hub.Changed(CachedRead.HousingOrg, 77);
        Assert.Contains((CachedRead.HousingOrg, 77L), copies.Seen);

        await lease.StopAsync(CancellationToken.None);

        // It serves nothing from memory, and the hub no longer counts it (nor would wait for it, were it gone).
        Assert.False(lease.IsHeld);
        await Hub.Changed(CachedRead.HousingOrg, 78);
        Assert.DoesNotContain((CachedRead.HousingOrg, 78L), copies.Seen);
    }

    /// <summary>A bounded poll of the lease's renewal, a grain call each second on real time: 20 s is for a loaded machine.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the lease was never granted");
            await Task.Delay(50);
        }
    }

    private sealed class RecordingObserver : IReadCacheObserver
    {
        public System.Collections.Concurrent.ConcurrentBag<(CachedRead, long)> Seen { get; } = [];

        public Task Changed(CachedRead kind, long id)
        {
            Seen.Add((kind, id));
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingCopies : IReadCacheCopies
    {
        public System.Collections.Concurrent.ConcurrentBag<(CachedRead, long)> Seen { get; } = [];

        public void Changed(CachedRead kind, long id) => Seen.Add((kind, id));

        public void Clear()
        {
        }
    }

    private sealed class DropsOnChange(ReadCache<long, byte[]> cache) : IReadCacheCopies
    {
        public void Changed(CachedRead kind, long id) => cache.Drop(id);

        public void Clear() => cache.Clear();
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
