namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>The case of one guest, keyed by the guest's user id.</summary>
public interface IGuestCaseGrain : IGrainWithIntegerKey
{
    /// <summary>The case, or null when the guest has none.</summary>
    Task<GuestCase?> Get();

    /// <summary>Opens the case assigned to <paramref name="coordinatorId"/> (0: unassigned); idempotent (an open case is returned as it is).</summary>
    Task<GuestCase> Open(long coordinatorId);

    /// <summary>
    /// Applies a change as <paramref name="caller"/> (the case's coordinator, the lead of the guest's housing org
    /// or an admin); validates the coordinator (a coordinator of the guest's org, or unaffiliated for an
    /// unaffiliated guest), the status and the note. A guest without a case, or with an unassigned one
    /// (coordinator 0), is taken by a coordinator who assigns it to themselves, or assigned by an
    /// admin; the case is then opened. Not a guest: 404. A new coordinator while a housing org move of the guest
    /// or of that coordinator runs → 409, the case as it was (invariants 9 and 10: a move and a reassignment
    /// racing never leave the case coordinated from outside the guest's org).
    /// </summary>
    Task<GuestCase> Update(GuestCaseChange change, Caller caller);

    /// <summary>
    /// A match of this guest was finalized (<paramref name="matched"/> true: the case becomes "Matched")
    /// or ended (false: a "Matched" case goes back to "In Progress"). No case: nothing to do.
    /// </summary>
    Task MatchChanged(bool matched);

    /// <summary>Removes the case (the guest was deleted, or an invite was compensated); false when there was none.</summary>
    Task<bool> Delete();
}
