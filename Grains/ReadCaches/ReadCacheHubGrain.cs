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
        return Task.FromResult(activation);
    }

    public async Task Changed(CachedRead kind, long id)
    {
        // The fan-out to the gateways is not part of the writer's trace (a request's trace has one
        // server span in a gateway: its own); this call's span still shows the wait.
        Activity.Current = null;
        RequestContext.Clear();
        var now = clock.GetUtcNow();
        var waitUntil = predecessorLeasesEnd;
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
                return (DateTimeOffset?)null;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A gateway did not drop its copy of {Kind} {Id}; waiting until its lease ends", kind, id);
                leases.Remove(holder.Key);
                return holder.Value;
            }
        }));
        foreach (var end in answers)
        {
            if (end > waitUntil)
            {
                waitUntil = end.Value;
            }
        }

        var wait = waitUntil - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock);
        }
    }
}
