namespace HomeUniteUs.Grains.Access;

/// <summary>
/// Named points inside multi-system flows where the crash tests kill the silo: when
/// HUU_CRASH_AT names the point, the process dies there at once (as with SIGKILL), so the
/// recovery on the next activation is tested for real. Unset in every deployment.
/// </summary>
public static class CrashPoints
{
    public const string SignUpAfterStore = "signup-after-store";
    public const string SignUpAfterCognito = "signup-after-cognito";
    public const string InviteAfterCognito = "invite-after-cognito";
    public const string MatchAfterGuestSlot = "match-after-guest-slot";
    public const string MatchAfterHostSlot = "match-after-host-slot";
    public const string GoogleSignUpAfterStore = "google-signup-after-store";
    public const string MoveAfterHold = "move-after-hold";
    public const string MoveAfterWrite = "move-after-write";

    /// <summary>After a case reassignment's write, before the check that its coordinator stayed in the guest's org.</summary>
    public const string CaseAfterReassignWrite = "case-after-reassign-write";

    /// <summary>After a grain staged activity events, before its state write; armed per grain kind (<c>activity-after-stage:journey</c>).</summary>
    public const string ActivityAfterStage = "activity-after-stage";

    /// <summary>After a grain's state write, before its staged events are published; armed per grain kind.</summary>
    public const string ActivityAfterWrite = "activity-after-write";

    private static readonly string? Armed = Environment.GetEnvironmentVariable("HUU_CRASH_AT");

    public static void Reach(string point)
    {
        if (Armed is not null && Armed == point)
        {
            Environment.FailFast($"Crash point {point} reached (HUU_CRASH_AT)");
        }
    }
}
