namespace HomeUniteUs.Grains.Interfaces.ReadCaches;

/// <summary>
/// Tells the gateways' read caches what changed (singleton, key 0), so they can serve repeated
/// reads from memory and still show every write to the next read. A gateway holds a lease: its
/// copies count only while the lease runs, and it renews well before the end. A change is
/// acknowledged to its writer only after every leaseholder dropped its copy, or after the lease
/// of a holder that did not answer has run out (the holder stops serving its copies by then).
/// Holds nothing in storage; a new activation first waits out the leases its predecessor may have granted.
/// </summary>
public interface IReadCacheHubGrain : IGrainWithIntegerKey
{
    /// <summary>How long a lease runs, counted by the gateway from when it asked.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Grants or renews the gateway's lease; changes reach <paramref name="cache"/> until it ends.
    /// Returns the hub activation's id: when it differs from the last one, changes may have been
    /// missed in between, and the gateway drops all its copies. A gateway that did not answer a
    /// change gets, once, an id it never had, for the same reason.
    /// </summary>
    Task<Guid> Subscribe(IReadCacheObserver cache);

    /// <summary>
    /// The gateway stops and serves no copy any more (it stopped renewing and dropped its lease before it asked): its
    /// lease ends now, so no change waits for it, as changes would for a gateway that is gone without a word.
    /// </summary>
    Task Leave(IReadCacheObserver cache);

    /// <summary>The entity changed in storage; returns once no gateway can serve an older copy.</summary>
    Task Changed(CachedRead kind, long id);
}

/// <summary>A gateway's read caches, as the hub reaches them.</summary>
public interface IReadCacheObserver : IGrainObserver
{
    /// <summary>Drops the copies of the entity; the answer means they are gone.</summary>
    Task Changed(CachedRead kind, long id);
}

/// <summary>The reads the gateways cache.</summary>
[GenerateSerializer]
public enum CachedRead
{
    /// <summary>A housing org (id) and with it the list.</summary>
    HousingOrg,

    /// <summary>A user (id): as /api/users/current shows it, and the verdicts on their tokens (changed, deleted or signed out).</summary>
    User,

    /// <summary>The coordinator dashboard (id 0).</summary>
    Dashboard,

    /// <summary>The activity list (id 0): events were committed to it. Every page of every reader is dropped.</summary>
    Activity,
}
