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
}
