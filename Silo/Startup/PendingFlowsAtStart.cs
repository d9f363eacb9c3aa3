using HomeUniteUs.Grains.Access;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// On silo start, finishes or undoes every identity flow a crash interrupted, before the silo
/// reports ready; <see cref="PendingFlowRecovery"/> keeps doing it while the silo runs.
/// </summary>
public sealed class PendingFlowsAtStart(PendingFlowSweep sweep, ILogger<PendingFlowsAtStart> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            await sweep.Run(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The background recovery retries; the silo serves meanwhile.
            logger.LogError("Could not sweep the pending identity flows at start: {Error}", e.GetType().Name);
        }
    }
}
