using Orleans.Concurrency;

namespace HomeUniteUs.Grains.Interfaces.ActivityList;

/// <summary>
/// Pokes the gateways' live activity streams when events were committed (singleton, key 0, in memory only).
/// A poke carries no event: each gateway reads the table (<see cref="IActivityLogGrain"/>), the one truth, so
/// a lost poke delays an event by at most the gateway's own read interval and never loses it. A gateway's
/// subscription lasts <see cref="Lease"/>; it renews well before, so a hub that moved to another silo is found again.
/// </summary>
public interface IActivityFeedHubGrain : IGrainWithIntegerKey
{
    /// <summary>How long a subscription lasts without renewal.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Subscribes or renews <paramref name="feed"/> for <see cref="Lease"/>.</summary>
    Task Subscribe(IActivityFeedObserver feed);

    /// <summary>Events up to <paramref name="id"/> were committed: pokes every subscribed gateway. Returns without waiting for them.</summary>
    [OneWay]
    Task Appended(long id);
}

/// <summary>A gateway's live activity streams, as the hub reaches them.</summary>
public interface IActivityFeedObserver : IGrainObserver
{
    /// <summary>Events up to <paramref name="id"/> were committed; read them now.</summary>
    [OneWay]
    Task Appended(long id);
}
