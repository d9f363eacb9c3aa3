namespace HomeUniteUs.Grains.Access;

/// <summary>
/// Finishes or undoes every pending identity flow in storage (a crash, or a compensation Cognito refused):
/// each is handed to its person's identity grain, which serializes it with that person's requests.
/// The silo runs it at start and then periodically, so the store and Cognito agree again without
/// waiting for a restart or that person's next request.
/// </summary>
public sealed class PendingFlowSweep(GrainStateReader reader, IGrainFactory grains, ILogger<PendingFlowSweep> logger)
{
    private static long pending;

    /// <summary>Flows this silo's latest sweep left pending (the value for a gauge).</summary>
    public static long Pending => Interlocked.Read(ref pending);

    /// <summary>Sweeps once: how many flows were pending, and how many still are.</summary>
    public async Task<SweepResult> Run(CancellationToken cancellationToken = default)
    {
        var found = (await reader.ReadWhereSet<IdentityFlowState>(StateNames.IdentityFlow, nameof(IdentityFlowState.Pending)))
            .Where(f => f.Email.Length > 0).ToList();
        var done = 0;
        foreach (var flow in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await grains.IdentityOf(flow.Email).Recover();
                done++;
            }
            catch (HuuException e) when (e.Code == ErrorCodes.ServiceUnavailable)
            {
                // Cognito (or the store) still refuses: the rest would wait for the same answer.
                logger.LogWarning("Could not finish the pending {Flow} flow of user {UserId}: a dependency is unavailable", flow.Pending!.Kind.Name(), flow.Pending.UserId);
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Could not finish the pending {Flow} flow of user {UserId}: {Error}", flow.Pending!.Kind.Name(), flow.Pending.UserId, e.GetType().Name);
            }
        }

        var left = found.Count - done;
        Interlocked.Exchange(ref pending, left);
        Telemetry.HuuMetrics.FlowsPending(left);
        if (found.Count > 0)
        {
            logger.LogWarning("Pending identity flows: {Found} found, {Done} finished or undone, {Left} still pending", found.Count, done, left);
        }

        return new SweepResult(found.Count, left);
    }
}

/// <summary>What one sweep saw.</summary>
public readonly record struct SweepResult(int Found, int Left);
