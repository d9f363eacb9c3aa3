namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>The unmatched-guest case a coordinator works on.</summary>
[GenerateSerializer, Immutable]
public sealed record GuestCase(long GuestId, long CoordinatorId, string Status, string Notes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A partial update of a case: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable]
public sealed record GuestCaseChange(long? CoordinatorId, string? Status, string? Notes);

public static class GuestCaseStatus
{
    public const string InProgress = "In Progress";
    public const string Matched = "Matched";
    public const string Closed = "Closed";

    public static IReadOnlyList<string> All { get; } = [InProgress, Matched, Closed];
}

public static class GuestCaseLimits
{
    /// <summary>The longest note a case holds.</summary>
    public const int MaxNotesLength = 2000;
}
