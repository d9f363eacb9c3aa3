namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>
/// The live activity stream's settings. <c>HUU_STREAM_KEEPALIVE_SECONDS</c> (default 15, the most API.md allows)
/// sets how long a quiet stream waits before a comment line; tests shorten it.
/// </summary>
public sealed record ActivityStreamOptions
{
    public const string KeepAliveVariable = "HUU_STREAM_KEEPALIVE_SECONDS";

    /// <summary>A quiet stream sends a comment line this often.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the gateway reads the table even without a poke (a lost poke costs at most this).</summary>
    public TimeSpan ReadInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Events waiting for one slow reader before it is disconnected (it resumes with Last-Event-ID).</summary>
    public int QueueCapacity { get; init; } = 500;

    public static ActivityStreamOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[KeepAliveVariable];
        if (string.IsNullOrEmpty(value))
        {
            return new();
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 15
            ? new() { KeepAlive = TimeSpan.FromSeconds(seconds) }
            : throw new SettingsException($"{KeepAliveVariable} must be a whole number of seconds from 1 to 15");
    }
}
