namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// The grain boundary, for every grain: a database outage anywhere below a grain call leaves
/// it as the domain's 503 (serializable, never an Npgsql exception), and the activation is
/// dropped, so a grain whose write failed keeps no state that storage does not have — the
/// next call reads it back (or rebuilds the projection) from the database.
/// </summary>
public sealed class DatabaseOutageFilter(DatabasePools pools) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (DatabaseOutage.IsOutage(exception))
        {
            if (exception is not Interfaces.Errors.HuuException)
            {
                // Not through DatabasePools.Run (which clears, counts and logs the refusals it makes).
                pools.Clear();
                pools.Refused(exception);
            }

            if (!IsStatelessWorker(context.Grain))
            {
                context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, DatabaseOutage.Message));
            }

            throw DatabaseOutage.Unavailable();
        }
    }

    private static bool IsStatelessWorker(object grain) =>
        Attribute.IsDefined(grain.GetType(), typeof(StatelessWorkerAttribute));
}
