namespace HomeUniteUs.Grains.Interfaces.ActivityList;

/// <summary>
/// A grain whose changes are activity events, staged in <c>huu_activity_outbox</c> before its state write and
/// published after it (ARCHITECTURE.md invariant 11). The silo's recovery calls it for rows left staged.
/// </summary>
public interface IActivitySourceGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Settles this grain's old staged events: those its stored state names (written, not yet published) are
    /// published, the others (their write failed or never ran) are deleted.
    /// </summary>
    Task SettleActivity();
}
