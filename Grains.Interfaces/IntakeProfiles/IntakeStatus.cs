namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>
/// The statuses of API.md. APPROVED and DENIED are also the two review decisions; DENIED is a
/// decision, not a resting status: a denied profile reopens as IN_PROGRESS (see <see cref="IIntakeProfileGrain.Review"/>).
/// </summary>
public static class IntakeStatus
{
    public const string New = "NEW";
    public const string InProgress = "IN_PROGRESS";
    public const string Submitted = "SUBMITTED";
    public const string Approved = "APPROVED";
    public const string Denied = "DENIED";
}
