namespace HomeUniteUs.Grains.Matches;

/// <summary>
/// The stored state of one match (state name "match", keyed by match id). A proposal is written
/// <see cref="Reserving"/> before it touches a slot, so a crash mid-proposal is undone by recovery;
/// only a <see cref="Live"/> match exists for readers.
/// </summary>
public sealed class MatchState : IVersionedState, ActivityList.IStagesActivity
{
    public const string Reserving = "reserving";
    public const string Live = "live";
    public const string Undone = "undone";

    public long Id { get; set; }

    /// <summary>Null until the proposal is recorded.</summary>
    public string? Phase { get; set; }

    public long GuestId { get; set; }
    public long HostId { get; set; }
    public long CoordinatorId { get; set; }
    public string Status { get; set; } = MatchStatus.Proposed;
    public bool? GuestAccepted { get; set; }
    public bool? HostAccepted { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? MeetingAt { get; set; }
    public DateTimeOffset? MeetingHeldAt { get; set; }
    public DateTimeOffset? GuestSignedAt { get; set; }
    public DateTimeOffset? HostSignedAt { get; set; }
    public DateTimeOffset? FinalizedAt { get; set; }
    public string? EndReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Grows by one with every write; projections use it to ignore stale notifications.</summary>
    public long Version { get; set; }

    public List<Guid> StagedEvents { get; set; } = [];

    public MatchState Copy() => (MatchState)MemberwiseClone();

    public Match? ToMatch() => Phase == Live
        ? new Match(Id, GuestId, HostId, CoordinatorId, Status, GuestAccepted, HostAccepted, MeetingAt, GuestSignedAt, HostSignedAt,
            EndReason, CreatedAt, UpdatedAt, AcceptedAt, MeetingHeldAt, FinalizedAt)
        : null;
}
