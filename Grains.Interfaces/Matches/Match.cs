namespace HomeUniteUs.Grains.Interfaces.Matches;

/// <summary>
/// One match of a guest and a host (API.md's Match), plus the times of its transitions that the
/// journey shows (<see cref="AcceptedAt"/>, <see cref="MeetingHeldAt"/>, <see cref="FinalizedAt"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Match(
    long Id,
    long GuestId,
    long HostId,
    long CoordinatorId,
    string Status,
    bool? GuestAccepted,
    bool? HostAccepted,
    DateTimeOffset? MeetingAt,
    DateTimeOffset? GuestSignedAt,
    DateTimeOffset? HostSignedAt,
    string? EndReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? MeetingHeldAt,
    DateTimeOffset? FinalizedAt)
{
    public bool IsActive => MatchStatus.IsActive(Status);
}

/// <summary>The statuses of a match; active ones hold the guest's and the host's match slots.</summary>
public static class MatchStatus
{
    public const string Proposed = "PROPOSED";
    public const string Accepted = "ACCEPTED";
    public const string MeetingHeld = "MEETING_HELD";
    public const string Finalized = "FINALIZED";
    public const string Declined = "DECLINED";
    public const string Ended = "ENDED";

    public static IReadOnlyList<string> All { get; } = [Proposed, Accepted, MeetingHeld, Finalized, Declined, Ended];

    public static bool IsActive(string status) => status is Proposed or Accepted or MeetingHeld or Finalized;
}

public static class MatchLimits
{
    /// <summary>The longest reason for ending a match.</summary>
    public const int MaxEndReasonLength = 2000;
}

/// <summary>A host who could take the guest, with the intake answers that conflict (and no others).</summary>
[GenerateSerializer, Immutable]
public sealed record MatchCandidate(Access.UserView Host, IReadOnlyList<MatchConflict> Conflicts);

/// <summary>One rule of the conflict table that a guest's and a host's answers break.</summary>
[GenerateSerializer, Immutable]
public sealed record MatchConflict(string Rule, string GuestFieldId, string GuestValueJson, string HostFieldId, string HostValueJson);

/// <summary>A coordinator's change to a match's meeting: schedule it, record it as held, or both.</summary>
[GenerateSerializer, Immutable]
public sealed record MeetingChange(DateTimeOffset? MeetingAt, bool Held);
