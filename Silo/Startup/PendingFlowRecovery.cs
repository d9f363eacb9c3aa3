using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Health;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// While the silo runs, sweeps the pending identity flows every <see cref="Interval"/>; while
/// flows stay pending (Cognito or the database still refusing), the pause doubles up to
/// <see cref="MaxInterval"/>, and falls back once a sweep leaves nothing pending.
/// </summary>
public sealed class PendingFlowRecovery(PendingFlowSweep sweep, SiloStartup startup, TimeProvider time, ILogger<PendingFlowRecovery> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(80);

    /// <summary>The pause after a sweep that left <paramref name="left"/> flows pending, given the previous pause.</summary>
    public static TimeSpan NextPause(TimeSpan previous, int left) =>
        left == 0 ? Interval : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxInterval.Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await startup.Completed.WaitAsync(stoppingToken);
        var pause = Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(pause, time, stoppingToken);
            try
            {
                pause = NextPause(pause, (await sweep.Run(stoppingToken)).Left);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                pause = NextPause(pause, left: 1);
                logger.LogWarning("Could not sweep the pending identity flows (next try in {Seconds}s): {Error}", pause.TotalSeconds, e.GetType().Name);
            }
        }
    }
}
