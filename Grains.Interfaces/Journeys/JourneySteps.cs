namespace HomeUniteUs.Grains.Interfaces.Journeys;

/// <summary>The step keys, titles and statuses of API.md's Journeys section.</summary>
public static class JourneySteps
{
    public const string Application = "application";
    public const string CoordinatorInterview = "coordinator_interview";
    public const string TrainingSession = "training_session";
    public const string MatchWithHost = "match_with_host";
    public const string MeetingWithHost = "meeting_with_host";
    public const string MatchWithGuest = "match_with_guest";
    public const string MeetingWithGuest = "meeting_with_guest";
    public const string SignAgreement = "sign_agreement";

    /// <summary>The value of <c>journeyStep</c> once every step is complete.</summary>
    public const string Complete = "complete";

    public const string StatusComplete = "complete";
    public const string StatusInProgress = "inProgress";
    public const string StatusLocked = "locked";

    /// <summary>The only steps a coordinator sets.</summary>
    public static IReadOnlyList<string> CoordinatorSet { get; } = [CoordinatorInterview, TrainingSession];

    /// <summary>The six step keys of a role, in order.</summary>
    public static IReadOnlyList<string> KeysOf(string role) => role == UserRoles.Host
        ? [Application, CoordinatorInterview, TrainingSession, MatchWithGuest, MeetingWithGuest, SignAgreement]
        : [Application, CoordinatorInterview, TrainingSession, MatchWithHost, MeetingWithHost, SignAgreement];

    public static string TitleOf(string key) => key switch
    {
        Application => "Application",
        CoordinatorInterview => "Coordinator Interview",
        TrainingSession => "Training Session",
        MatchWithHost => "Match with a Host",
        MeetingWithHost => "Meeting with Host",
        MatchWithGuest => "Match with a Guest",
        MeetingWithGuest => "Meeting with Guest",
        SignAgreement => "Sign Agreement",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "unknown step"),
    };
}
