using HomeUniteUs.Grains.Interfaces.ReadCaches;
using Microsoft.Extensions.Logging;

namespace HomeUniteUs.Grains.ReadCaches;

/// <summary>
/// How a grain tells the gateways' read caches (and their token verdicts) about a change, after its
/// write succeeded and before it answers. A call that fails is tried again at once. If every try
/// fails (the hub's silo died during the write, say), the change is not acknowledged before every
/// lease that may still cover an old copy has run out: the grain waits one lease from the failure
/// (a gateway counts its lease from before it asked, so by then each copy granted by the hub it
/// could not reach is dropped or expired), then reports once more, to a hub that by then is a new
/// activation (which first waits out its predecessor's leases) or the old one, reachable again.
/// If that fails too, the write stands but is answered 503: a gateway that still renews with a hub
/// this grain cannot reach may still serve its copy (until it ages out, <c>ReadCache.MaxAge</c>).
/// The rules and a write step by step: docs/read-cache-coherence.md.
/// </summary>
public static class ReadCacheNotifications
{
    private const int Attempts = 3;

    public static async Task Changed(IGrainFactory grains, CachedRead kind, long id, TimeProvider clock, ILogger logger)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                await grains.GetGrain<IReadCacheHubGrain>(0).Changed(kind, id);
                return;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Telling the read caches about {Kind} {Id} failed (attempt {Attempt})", kind, id, attempt);
            }
        }

        logger.LogWarning("The read-cache hub missed the change of {Kind} {Id}; waiting out the gateways' leases before acknowledging it", kind, id);
        await Task.Delay(IReadCacheHubGrain.Lease, clock);
        try
        {
            await grains.GetGrain<IReadCacheHubGrain>(0).Changed(kind, id);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The read-cache hub missed the change of {Kind} {Id} after its leases ran out; the write stands, answered 503", kind, id);
            throw HuuException.Unavailable();
        }
    }
}
