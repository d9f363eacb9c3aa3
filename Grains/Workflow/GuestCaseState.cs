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

    /// <summary>A copy of this state that <paramref name="change"/> then edits: every field it does not set is kept.</summary>
    public GuestCaseState With(Action<GuestCaseState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var copy = (GuestCaseState)MemberwiseClone();
        change(copy);
        return copy;
    }
}

/// <summary>The case as it was before a reassignment whose check has not run yet: what it goes back to if the check fails.</summary>
public sealed record UncheckedReassignment(long CoordinatorId, string Status, string Notes, DateTimeOffset CreatedAt, bool Exists)
{
    /// <summary>The case fields of <paramref name="state"/>, kept to go back to.</summary>
    public static UncheckedReassignment Of(GuestCaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.CoordinatorId, state.Status, state.Notes, state.CreatedAt, state.Exists);
    }

    /// <summary><paramref name="state"/> put back to the case as it was, written at <paramref name="now"/>, without the mark.</summary>
    public GuestCaseState Restore(GuestCaseState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.With(s =>
        {
            s.CoordinatorId = CoordinatorId;
            s.Status = Status;
            s.Notes = Notes;
            s.CreatedAt = CreatedAt;
            s.Exists = Exists;
            s.UpdatedAt = now;
            s.Unchecked = null;
        });
    }
}
