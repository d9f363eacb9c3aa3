using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>
/// The bodies of GET /api/coordinator/activity by reader (their scope: role, org, id) and cursor, so a coordinator polling
/// with the same cursor is answered from memory while nothing happened. Every page counts only until the next commit of
/// events (<see cref="CachedRead.Activity"/>, reported by <c>ActivityStore.Committed</c> before the change is acknowledged)
/// or the next change of any user (a page applies reach by the people's current membership, and a user's change
/// is reported after their <c>huu_people</c> row is written): then every page is dropped. At most
/// <see cref="MaxPages"/> pages are kept (a page of 500 events is about 100 kB). The rules: docs/read-cache-coherence.md.
/// </summary>
public sealed class ActivityReadCache : IReadCacheCopies
{
    public const int MaxPages = 1_000;

    private readonly ReadCache<PageKey, byte[]> pages;

    public ActivityReadCache(ReadCacheLease lease, TimeProvider clock)
    {
        pages = new ReadCache<PageKey, byte[]>(lease, clock, fetchesPerKey: 1, maxEntries: MaxPages);
        lease.Attach(this);
    }

    /// <summary>The page of <paramref name="reader"/> after <paramref name="after"/> (null: the last ones), as JSON.</summary>
    public async Task<byte[]> Page(MemberScope reader, long? after, int limit, IGrainFactory grains) =>
        (await pages.Get(new PageKey(reader, after, limit), async () => await grains.GetGrain<IActivityLogGrain>(0).ReadJson(reader, after, limit)))!;

    public void Changed(CachedRead kind, long id)
    {
        if (kind is CachedRead.Activity or CachedRead.User)
        {
            pages.Clear();
        }
    }

    public void Clear() => pages.Clear();

    private sealed record PageKey(MemberScope Reader, long? After, int Limit);
}
