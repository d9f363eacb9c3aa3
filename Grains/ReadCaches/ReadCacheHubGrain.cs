using System.Diagnostics;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace HomeUniteUs.Grains.ReadCaches;

/// <summary>
/// The leases of the gateways' read caches, in memory only. Reentrant: changes fan out
/// concurrently, and a slow gateway delays only the writes that wait for it.
/// The rules and a write step by step: docs/read-cache-coherence.md.
/// </summary>
[Reentrant]
public sealed class ReadCacheHubGrain(TimeProvider clock, ILogger<ReadCacheHubGrain> logger) : Grain, IReadCacheHubGrain
{
    /// <summary>How long a gateway may take to drop a copy before its lease is waited out instead.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);

    private readonly Dictionary<IReadCacheObserver, DateTimeOffset> leases = [];

    /// <summary>
    /// Leaseholders that did not answer a change and have not renewed since, with the end of the lease they hold: until
    /// then they may serve copies that changes did not reach, so no change is acknowledged before it, and a holder that
    /// renews before it drops every copy (docs/read-cache-coherence.md, rule 3). After it, the holder stopped serving.
    /// </summary>
    private readonly Dictionary<IReadCacheObserver, DateTimeOffset> lapsed = [];

    private readonly Guid activation = Guid.NewGuid();
    private DateTimeOffset predecessorLeasesEnd;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // An earlier activation (on a silo that died) may have granted leases that still run.
        predecessorLeasesEnd = clock.GetUtcNow() + IReadCacheHubGrain.Lease;
        logger.LogInformation("Read-cache hub active on this silo; changes wait until {Until:O} for leases an earlier activation may have granted", predecessorLeasesEnd);
        return Task.CompletedTask;
    }

    public Task<Guid> Subscribe(IReadCacheObserver cache)
    {
        leases[cache] = clock.GetUtcNow() + IReadCacheHubGrain.Lease;

        // A holder that missed a change gets an id it never had: it drops all its copies, as for a new hub.
        return Task.FromResult(lapsed.Remove(cache) ? Guid.NewGuid() : activation);
    }

    public Task Leave(IReadCacheObserver cache)
    {
        // A change that is waiting for its answer still waits (at most its lease): only the later ones are spared.
        leases.Remove(cache);
        lapsed.Remove(cache);
        return Task.CompletedTask;
    }

    public async Task Changed(CachedRead kind, long id)
    {
        // The fan-out to the gateways is not part of the writer's trace (a request's trace has one
        // server span in a gateway: its own); this call's span still shows the wait.
        Activity.Current = null;
        RequestContext.Clear();
        var now = clock.GetUtcNow();
        var waitUntil = predecessorLeasesEnd;

        // A holder that missed an earlier change is not told of this one either: it may serve an older copy of it
        // until its lease ends.
        foreach (var holder in lapsed.ToList())
        {
            if (holder.Value <= now)
            {
                lapsed.Remove(holder.Key);
            }
            else
            {
                waitUntil = Later(waitUntil, holder.Value);
            }
        }

        var holders = new List<KeyValuePair<IReadCacheObserver, DateTimeOffset>>();
        foreach (var lease in leases.ToList())
        {
            if (lease.Value <= now)
            {
                leases.Remove(lease.Key);
            }
            else
            {
                holders.Add(lease);
            }
        }

        var answers = await Task.WhenAll(holders.Select(async holder =>
        {
            try
            {
                await holder.Key.Changed(kind, id).WaitAsync(AnswerTimeout, clock);
                return default(DateTimeOffset); // answered: nothing to wait for
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A gateway did not drop its copy of {Kind} {Id}; waiting until its lease ends", kind, id);
                // It may have renewed while this change waited for it: its lease then ends later.
                var end = Later(holder.Value, leases.Remove(holder.Key, out var renewed) ? renewed : default);
                lapsed[holder.Key] = Later(end, lapsed.GetValueOrDefault(holder.Key));
                return end;
            }
        }));
        foreach (var end in answers)
        {
            waitUntil = Later(waitUntil, end);
        }

        var wait = waitUntil - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
