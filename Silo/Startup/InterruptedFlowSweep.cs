using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// On silo start, finishes or undoes every identity flow a crash interrupted, so the store and
/// Cognito agree again without waiting for that person's next request.
/// </summary>
public static class InterruptedFlowSweep
{
    public static async Task Run(IServiceProvider services, CancellationToken cancellationToken)
    {
        var reader = services.GetRequiredService<GrainStateReader>();
        var grains = services.GetRequiredService<IGrainFactory>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InterruptedFlowSweep));
        var interrupted = (await reader.ReadAll<CognitoFlowState>(StateNames.CognitoFlow)).Where(f => f.Pending is not null && f.Email.Length > 0).ToList();
        var stillPending = 0;
        foreach (var flow in interrupted)
        {
            try
            {
                await grains.GetGrain<ICognitoGrain>(flow.Email).Recover();
            }
            catch (Exception e)
            {
                stillPending++;
                // The flow stays pending; the person's next request (or the next start) retries.
                logger.LogWarning("Could not recover the interrupted {Flow} flow of user {UserId}: {Error}", flow.Pending!.Kind, flow.Pending.UserId, e.GetType().Name);
            }
        }

        HuuMetrics.FlowsPending(stillPending);
        if (interrupted.Count > 0)
        {
            logger.LogWarning("Recovered {Count} interrupted identity flows", interrupted.Count);
        }
    }
}
