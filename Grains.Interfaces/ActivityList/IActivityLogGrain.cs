namespace HomeUniteUs.Grains.Interfaces.ActivityList;

/// <summary>
/// The activity list in PostgreSQL (table <c>huu_activity</c>), read with reach applied at read time:
/// a reader sees exactly the events whose person they reach now (<see cref="Access.Reach"/>), by the
/// person's current membership in <c>huu_people</c>. Stateless: the table is the truth on every silo.
/// </summary>
public interface IActivityLogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Events strictly after <paramref name="after"/> (oldest first, at most <paramref name="limit"/>), or the
    /// last <paramref name="limit"/> when <paramref name="after"/> is null, that <paramref name="reader"/> reaches.
    /// </summary>
    Task<ActivityPage> Read(MemberScope reader, long? after, int limit);

    /// <summary>
    /// The page of <see cref="Read"/> as the UTF-8 JSON body of GET /api/coordinator/activity (<c>{"events": […], "next": …}</c>),
    /// written in the silo so a gateway sends it as it is.
    /// </summary>
    Task<byte[]> ReadJson(MemberScope reader, long? after, int limit);

    /// <summary>
    /// Every event strictly after <paramref name="after"/> (oldest first, at most <paramref name="limit"/>) with the
    /// current scope of each event's person: a gateway's live feed reads once for all its streams and applies
    /// <see cref="Access.Reach.Includes"/> per stream, by the same rows <see cref="Read"/> applies it with in SQL.
    /// </summary>
    Task<ActivityFeedPage> ReadFeed(long after, int limit);
}
