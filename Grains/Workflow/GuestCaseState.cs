namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// The stored state of one guest case (JSON in grain storage). A deleted case stays as a
/// tombstone (<see cref="Exists"/> false, no notes) so that <see cref="Version"/> keeps growing
/// and a late notification of the old case can never resurrect it in a projection.
/// </summary>
public sealed class GuestCaseState : IVersionedState
{
    public long GuestId { get; set; }
    public long CoordinatorId { get; set; }
    public string Status { get; set; } = GuestCaseStatus.InProgress;
    public string Notes { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool Exists { get; set; }

    /// <summary>
    /// Set by the write of a reassignment, cleared once the new coordinator is known to have stayed in the guest's org:
    /// a case that activates with it set (the silo died between the two) runs that check first.
    /// </summary>
    public UncheckedReassignment? Unchecked { get; set; }

    /// <summary>Grows by one with every write, a deletion included.</summary>
    public long Version { get; set; }

    public GuestCase? ToCase() =>
        Exists ? new GuestCase(GuestId, CoordinatorId, Status, Notes, CreatedAt, UpdatedAt) : null;
}

/// <summary>The case as it was before a reassignment whose check has not run yet: what it goes back to if the check fails.</summary>
public sealed record UncheckedReassignment(long CoordinatorId, string Status, string Notes, DateTimeOffset CreatedAt, bool Exists);
