namespace HomeUniteUs.Grains.ActivityList;

/// <summary>
/// The gateways subscribed to live activity, in memory only: each poke goes to every subscription that has
/// not run out, one-way, so a slow or vanished gateway never holds up a writer or the other gateways. A new
/// activation (after its silo died) starts empty and fills again as the gateways renew.
/// </summary>
public sealed class ActivityFeedHubGrain(TimeProvider clock) : Grain, IActivityFeedHubGrain
{
    private readonly Dictionary<IActivityFeedObserver, DateTimeOffset> subscriptions = [];

    public Task Subscribe(IActivityFeedObserver feed)
    {
        subscriptions[feed] = clock.GetUtcNow() + IActivityFeedHubGrain.Lease;
        return Task.CompletedTask;
    }

    public Task Appended(long id)
    {
        var now = clock.GetUtcNow();
        foreach (var (feed, until) in subscriptions.ToList())
        {
            if (until <= now)
            {
                subscriptions.Remove(feed);
            }
            else
            {
                _ = feed.Appended(id);
            }
        }

        return Task.CompletedTask;
    }
}
