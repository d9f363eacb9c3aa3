namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>What a caller wants to do with an intake profile.</summary>
public enum IntakeAction
{
    /// <summary>See the answers and the status.</summary>
    Read,

    /// <summary>Save answers or submit.</summary>
    Write,

    /// <summary>Approve or deny a submitted profile.</summary>
    Review,
}

/// <summary>The owner of an intake profile as the access rules see them.</summary>
/// <param name="CaseCoordinatorId">For a guest, the coordinator of their case; null when they have none (or it was not asked).</param>
public sealed record IntakeProfileOwner(long UserId, string Role, long? CaseCoordinatorId);

/// <summary>
/// Who may do what with an intake profile. Guest answers are among the most sensitive data we hold: the
/// owner, the coordinator of the guest's case and admins read them; only the owner writes them. Host
/// answers: the owner, any coordinator and admins read; only the owner writes. Reviews: admins and the
/// coordinators who may read (the guest's case coordinator, any coordinator for a host).
/// </summary>
public static class IntakeAccess
{
    /// <summary>
    /// Whether the caller may ask about this user's profile at all, before anything about the user is known:
    /// the user themself, coordinators and admins. A guest or host asking about anyone else is refused
    /// without learning whether that user exists.
    /// </summary>
    public static bool MayAsk(Caller caller, long userId) => caller.UserId == userId || caller.IsCoordinator || caller.IsAdmin;

    /// <summary>Whether the caller needs the owner's case coordinator to decide (a coordinator asking about someone else's guest profile).</summary>
    public static bool NeedsCaseCoordinator(Caller caller, long userId, string ownerRole) =>
        caller.IsCoordinator && caller.UserId != userId && ownerRole == UserRoles.Guest;

    public static bool Allows(Caller caller, IntakeProfileOwner owner, IntakeAction action)
    {
        var isOwner = caller.UserId == owner.UserId;
        return action switch
        {
            IntakeAction.Read => isOwner || caller.IsAdmin || Oversees(caller, owner),
            IntakeAction.Write => isOwner,
            IntakeAction.Review => !isOwner && (caller.IsAdmin || Oversees(caller, owner)),
            _ => false,
        };
    }

    /// <summary>A coordinator oversees every host and the guests whose case they hold.</summary>
    private static bool Oversees(Caller caller, IntakeProfileOwner owner) => caller.IsCoordinator && owner.Role switch
    {
        UserRoles.Host => true,
        UserRoles.Guest => owner.CaseCoordinatorId == caller.UserId,
        _ => false,
    };
}
