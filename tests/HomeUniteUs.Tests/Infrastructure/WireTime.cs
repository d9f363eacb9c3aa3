namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Times as the API and the events write them: UTC to the second (UtcTimestamp).</summary>
public static class WireTime
{
    /// <summary><paramref name="time"/> without its fraction of a second, so that a time scheduled from it reads back equal.</summary>
    public static DateTimeOffset ToSecond(DateTimeOffset time) => time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond));
}
