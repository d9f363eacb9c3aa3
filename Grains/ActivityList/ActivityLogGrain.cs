namespace HomeUniteUs.Grains.ActivityList;

/// <summary>
/// Reads the activity list (<see cref="ActivityStore"/>); a stateless worker, so every silo answers from the table.
/// Reentrant: it holds nothing between awaits, so the reads of every caller (one worker key for all) wait for PostgreSQL
/// side by side rather than a silo's few activations at a time.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class ActivityLogGrain(ActivityStore store) : Grain, IActivityLogGrain
{
    public Task<ActivityPage> Read(MemberScope reader, long? after, int limit) => store.Read(reader, after, limit);

    public async Task<byte[]> ReadJson(MemberScope reader, long? after, int limit) => ActivityPageJson.Write(await store.Read(reader, after, limit));

    public Task<ActivityFeedPage> ReadFeed(long after, int limit) => store.ReadFeed(after, limit);
}
