namespace HomeUniteUs.Observability;

/// <summary>
/// An outage in the log as two lines, not one per refused request: an error with the first failure
/// when the refusals start, and a line when they end saying how long they went on and how many there
/// were. The outage ends at the first success that comes at least <see cref="Quiet"/> after the last
/// refusal, so a success in between (a read served from memory during the outage) does not end it and
/// a flapping dependency logs at most one start and one end per <see cref="Quiet"/>. Until a success
/// arrives, nothing says the outage is over.
/// </summary>
public sealed partial class OutageLog(string dependency, TimeProvider clock, ILogger logger)
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private volatile bool ongoing;
    private long startedAt;
    private long lastRefusedAt;
    private long refused;

    /// <summary>A request was refused because of the outage (the first one starts it and is logged with its cause).</summary>
    public void Refused(Exception cause)
    {
        var now = clock.GetTimestamp();
        lock (gate)
        {
            lastRefusedAt = now;
            refused++;
            if (ongoing)
            {
                return;
            }

            ongoing = true;
            startedAt = now;
            refused = 1;
        }

        LogStarted(logger, dependency, cause);
    }

    /// <summary>A request succeeded; cheap while nothing is refused (one volatile read).</summary>
    public void Succeeded()
    {
        if (!ongoing)
        {
            return;
        }

        var now = clock.GetTimestamp();
        TimeSpan lasted;
        long count;
        lock (gate)
        {
            if (!ongoing || clock.GetElapsedTime(lastRefusedAt, now) < Quiet)
            {
                return;
            }

            ongoing = false;
            lasted = clock.GetElapsedTime(startedAt, lastRefusedAt);
            count = refused;
        }

        LogEnded(logger, dependency, count, lasted.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Dependency} is unavailable: requests that need it are refused with 503 until it is back (logged once, with a count when it ends)")]
    private static partial void LogStarted(ILogger logger, string dependency, Exception cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dependency} is available again: {Refused} requests were refused with 503 over {Seconds:0.0} s")]
    private static partial void LogEnded(ILogger logger, string dependency, long refused, double seconds);
}
