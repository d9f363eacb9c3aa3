using HomeUniteUs.Grains.Interfaces.ReadCaches;
using Microsoft.Extensions.Logging;

namespace HomeUniteUs.Grains.ReadCaches;

/// <summary>
/// How a grain tells the gateways' read caches about a change, after its write succeeded and
/// before it answers. A call that fails is tried again (a hub on a silo that died comes back on
/// another, which first waits out the old leases); if every try fails the write still stands, and
/// the gateways' copies age out (<c>ReadCache.MaxAge</c>) or lapse with their leases.
/// </summary>
public static class ReadCacheNotifications
{
    private const int Attempts = 3;

    public static async Task Changed(IGrainFactory grains, CachedRead kind, long id, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IReadCacheHubGrain>(0).Changed(kind, id);
                return;
            }
            catch (Exception e) when (attempt < Attempts)
            {
                logger.LogDebug(e, "Telling the read caches about {Kind} {Id} failed; trying again", kind, id);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The gateways' read caches missed the change of {Kind} {Id}; their copies age out", kind, id);
                return;
            }
        }
    }
}
