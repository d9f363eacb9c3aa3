namespace HomeUniteUs.Tests.TestCluster.IntakeProfiles;

/// <summary>A clock that always tells the same time, so stamps can be compared.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
