namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>The stored state of one user's intake profile (JSON in grain storage).</summary>
public sealed class IntakeProfileState : IVersionedState, ActivityList.IStagesActivity
{
    /// <summary>The state name in grain storage; never rename it.</summary>
    public const string StateName = "intakeProfile";

    /// <summary>The user id; 0 until the first save.</summary>
    public long Id { get; set; }

    /// <summary>The form answered; 0 until the first save.</summary>
    public int FormId { get; set; }

    public string Status { get; set; } = IntakeStatus.New;

    /// <summary>Field id → the answer as raw JSON text.</summary>
    public Dictionary<string, string> Responses { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset UpdatedAt { get; set; }

    public string? ReviewNote { get; set; }

    /// <summary>Grows by one with every write; the dashboard uses it to ignore stale notifications of the status.</summary>
    public long Version { get; set; }

    public List<Guid> StagedEvents { get; set; } = [];
}
