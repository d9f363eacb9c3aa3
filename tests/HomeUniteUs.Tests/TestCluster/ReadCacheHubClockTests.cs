using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;
using Microsoft.Extensions.Time.Testing;

namespace HomeUniteUs.Tests.TestCluster;

/// <summary>
/// The read-cache hub on a fake clock (the <see cref="TimeProvider"/> it takes from DI), rules 3 and 4 of
/// docs/read-cache-coherence.md: a leaseholder that does not answer delays a change until its lease ends and not a tick
/// longer, a change after it waits for that lease too, and having lost its lease it delays nothing; a holder that missed
/// a change is told to drop all its copies when it renews; a new hub activation answers changes only after one lease
/// length, the longest a lease of its predecessor can run. Only the clock the test moves decides; the real time the
/// cluster takes to answer does not.
/// </summary>
public sealed class ReadCacheHubClockTests(ReadCacheHubClockTests.FakeClockCluster cluster) : IClassFixture<ReadCacheHubClockTests.FakeClockCluster>
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private IReadCacheHubGrain Hub => cluster.Grains.GetGrain<IReadCacheHubGrain>(0);

    [Fact]
    public async Task A_leaseholder_that_does_not_answer_delays_the_acknowledgement_until_its_lease_ends_and_then_no_more()
    {
        await using var silent = await NewSilentHolder();
        var leased = cluster.Clock.GetUtcNow();
        await Hub.Subscribe(silent.Reference);

        var waited = await StepUntilDone(Hub.Changed(CachedRead.User, 7)) - leased;
        // Never before the lease ends; at the step it ends (a few steps of slack for a hub slow to set its timer on a loaded machine).
        Assert.InRange(waited, IReadCacheHubGrain.Lease, IReadCacheHubGrain.Lease + 3 * Step);

        // It lost its lease by not answering: the next change returns with the clock standing still.
        var next = Hub.Changed(CachedRead.User, 7);
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(30))));
        await next;
    }

    [Fact]
    public async Task A_leaseholder_that_missed_a_change_holds_up_the_changes_after_it_until_its_lease_ends_and_drops_its_copies_when_it_renews()
    {
        await using var silent = await NewSilentHolder();
        var leased = cluster.Clock.GetUtcNow();
        var first = await Hub.Subscribe(silent.Reference);

        // The hub gives up on it after AnswerTimeout (it still holds its lease, and may serve the old copy until it ends).
        var missed = Hub.Changed(CachedRead.User, 7);
        for (var waited = TimeSpan.Zero; waited <= ReadCacheHubGrain.AnswerTimeout + Step; waited += Step)
        {
            cluster.Clock.Advance(Step);
            await Task.Delay(100);
        }

        await Task.Delay(500);
        Assert.False(missed.IsCompleted);

        // A change after that is not told to it either: it waits for the same lease, not less.
        var next = Hub.Changed(CachedRead.User, 8);
        Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(2))));
        var nextWaited = await StepUntilDone(next) - leased;
        Assert.InRange(nextWaited, IReadCacheHubGrain.Lease, IReadCacheHubGrain.Lease + 3 * Step);
        await missed;

        // When it renews it is told to drop every copy it has (an id it never had), and then it is a holder like any other.
        var renewed = await Hub.Subscribe(silent.Reference);
        Assert.NotEqual(first, renewed);
        Assert.Equal(first, await Hub.Subscribe(silent.Reference));

        // It does not answer this one either: once its lease is over, it delays nothing and is forgotten.
        await StepUntilDone(Hub.Changed(CachedRead.User, 9));
    }

    [Fact]
    public async Task A_leaseholder_that_took_its_leave_delays_no_change()
    {
        await using var silent = await NewSilentHolder();
        await Hub.Subscribe(silent.Reference);
        await Hub.Leave(silent.Reference);

        // It would never answer: the change returns with the clock standing still, not after its lease.
        var change = Hub.Changed(CachedRead.User, 7);
        Assert.Same(change, await Task.WhenAny(change, Task.Delay(TimeSpan.FromSeconds(30))));
        await change;
    }

    [Fact]
    public async Task A_new_hub_waits_out_its_predecessors_leases()
    {
        await StepUntilDone(Hub.Changed(CachedRead.User, 1));
        var observer = new AnsweringObserver();
        var before = await Hub.Subscribe(cluster.Cluster.Client.CreateObjectReference<IReadCacheObserver>(observer));

        // The hub's activation goes (as when its silo dies); the next call activates a new one.
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var activated = cluster.Clock.GetUtcNow();
        var change = Hub.Changed(CachedRead.User, 1);
        var waited = await StepUntilDone(change) - activated;

        // Never before a lease of the old activation could have ended; at the step it did (slack as above).
        Assert.InRange(waited, IReadCacheHubGrain.Lease, IReadCacheHubGrain.Lease + 3 * Step);

        // Gateways renewing with the new activation see its new id (and drop their copies: ReadCacheRulesTests).
        var after = await Hub.Subscribe(cluster.Cluster.Client.CreateObjectReference<IReadCacheObserver>(observer));
        Assert.NotEqual(before, after);
        GC.KeepAlive(observer);
    }

    /// <summary>
    /// A leaseholder that never answers, made once the hub (a new activation first waits out its predecessor's leases)
    /// answers changes at once; the test subscribes it. Disposing it deletes its reference.
    /// </summary>
    private async Task<SilentHolder> NewSilentHolder()
    {
        await StepUntilDone(Hub.Changed(CachedRead.User, 1));
        return new SilentHolder(cluster.Cluster.Client);
    }

    /// <summary>
    /// Moves the fake clock a step at a time until <paramref name="change"/> returns; the fake time it returned at.
    /// Each step gives the cluster real time to act on it (a bounded poll: 2,000 steps are minutes of real time, the predecessor wait is 30).
    /// </summary>
    private async Task<DateTimeOffset> StepUntilDone(Task change)
    {
        for (var i = 0; i < 2_000 && !change.IsCompleted; i++)
        {
            await Task.WhenAny(change, Task.Delay(200));
            if (!change.IsCompleted)
            {
                cluster.Clock.Advance(Step);
            }
        }

        Assert.True(change.IsCompleted, "the change never returned");
        await change;
        return cluster.Clock.GetUtcNow();
    }

    /// <summary>Its observer is held until disposed: the client keeps observers only weakly, and a collected one cannot be deleted.</summary>
    private sealed class SilentHolder : IAsyncDisposable
    {
        private readonly IClusterClient client;
        private readonly SilentObserver observer = new();

        public SilentHolder(IClusterClient client)
        {
            this.client = client;
            Reference = client.CreateObjectReference<IReadCacheObserver>(observer);
        }

        public IReadCacheObserver Reference { get; }

        public ValueTask DisposeAsync()
        {
            client.DeleteObjectReference<IReadCacheObserver>(Reference);
            GC.KeepAlive(observer);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SilentObserver : IReadCacheObserver
    {
        public Task Changed(CachedRead kind, long id) => new TaskCompletionSource().Task;
    }

    private sealed class AnsweringObserver : IReadCacheObserver
    {
        public Task Changed(CachedRead kind, long id) => Task.CompletedTask;
    }

    /// <summary>The grain cluster with a <see cref="FakeTimeProvider"/> as the clock our grains take from DI.</summary>
    public sealed class FakeClockCluster : GrainCluster
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void Configure(ISiloBuilder silo) => RunOurClockOn(silo, Clock);
    }
}
