using HomeUniteUs.Grains.Interfaces.ReadCaches;

namespace HomeUniteUs.WebGateway.ReadCaches;

/// <summary>
/// This gateway's lease with the read-cache hub, and the observer the hub tells about changes.
/// The copies of every <see cref="IReadCacheCopies"/> count only while <see cref="IsHeld"/>: the
/// lease is renewed every third of its length and counted from when the renewal was sent, so it
/// ends here before the hub stops waiting for this gateway. A lapse, or a new hub activation,
/// drops every copy. Grain calls go through the host's <see cref="IGrainFactory"/> (the cluster
/// client of a gateway process, or the silo's own in a co-hosted silo).
/// The rules and a write step by step: docs/read-cache-coherence.md.
/// </summary>
public sealed class ReadCacheLease(IServiceProvider services, TimeProvider clock, ILogger<ReadCacheLease> logger)
    : BackgroundService, IReadCacheObserver
{
    public static readonly TimeSpan RenewEvery = IReadCacheHubGrain.Lease / 3;

    private readonly List<IReadCacheCopies> copies = [];
    private long heldUntilTicks;
    private Guid hubActivation;
    private IReadCacheObserver? reference;
    private bool warned;

    public bool IsHeld => clock.GetUtcNow().UtcTicks < Volatile.Read(ref heldUntilTicks);

    /// <summary>A cache whose copies follow this lease.</summary>
    public void Attach(IReadCacheCopies cache)
    {
        lock (copies)
        {
            copies.Add(cache);
        }
    }

    public Task Changed(CachedRead kind, long id)
    {
        foreach (var cache in Copies())
        {
            cache.Changed(kind, id);
        }

        return Task.CompletedTask;
    }

    /// <summary>How long a stopping gateway gives the hub to take its leave; without it, changes wait out its lease.</summary>
    public static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Stops renewing, stops serving copies, then tells the hub: a gateway restarted in a rolling upgrade does not hold
    /// up the writes made meanwhile (each would otherwise wait for its answer, then for its lease to end).
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Volatile.Write(ref heldUntilTicks, 0);
        if (reference is null)
        {
            return;
        }

        try
        {
            await services.GetRequiredService<IGrainFactory>().GetGrain<IReadCacheHubGrain>(0).Leave(reference)
                .WaitAsync(LeaveTimeout, clock, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogInformation("The read-cache hub was not told this gateway stops ({Reason}); changes wait out its lease", e.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewEvery, clock);
        do
        {
            await Renew();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task Renew()
    {
        try
        {
            // Before a silo is reached this throws (a 503 for requests): reads go to the grains meanwhile.
            var grains = services.GetRequiredService<IGrainFactory>();
            reference ??= grains.CreateObjectReference<IReadCacheObserver>(this);
            var sent = clock.GetUtcNow();
            var activation = await grains.GetGrain<IReadCacheHubGrain>(0).Subscribe(reference).WaitAsync(IReadCacheHubGrain.Lease, clock);
            if (activation != hubActivation || !IsHeld)
            {
                // Changes may have gone unseen since the last renewal: start from nothing.
                foreach (var cache in Copies())
                {
                    cache.Clear();
                }

                hubActivation = activation;
            }

            Volatile.Write(ref heldUntilTicks, (sent + IReadCacheHubGrain.Lease).UtcTicks);
            warned = false;
        }
        catch (Exception e)
        {
            // Once per lapse: a gateway waiting for its first silo would otherwise log every second.
            if (!warned)
            {
                logger.LogWarning("The read-cache lease was not renewed ({Reason}); reads go to the grains until it is", e.GetType().Name);
                warned = true;
            }
        }
    }

    private List<IReadCacheCopies> Copies()
    {
        lock (copies)
        {
            return [.. copies];
        }
    }
}

/// <summary>Copies a gateway serves repeated reads from, dropped when the hub says their entity changed.</summary>
public interface IReadCacheCopies
{
    void Changed(CachedRead kind, long id);

    void Clear();
}
