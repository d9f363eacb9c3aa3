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

    /// <summary>Grows by one with every write, a deletion included.</summary>
    public long Version { get; set; }

    public GuestCase? ToCase() =>
        Exists ? new GuestCase(GuestId, CoordinatorId, Status, Notes, CreatedAt, UpdatedAt) : null;
}
