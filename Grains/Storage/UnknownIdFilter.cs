namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// After every call to an <see cref="IMayBeUnknown"/> grain that found nothing stored under its id, the
/// activation is dropped (as <c>DeactivateOnIdle</c> would): the next call for that id reads storage
/// again, and ids nobody created cost no lasting memory.
/// </summary>
public sealed class UnknownIdFilter : IIncomingGrainCallFilter
{
    private static readonly DeactivationReason NothingStored = new(DeactivationReasonCode.ApplicationRequested, "Nothing is stored under this id");

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        finally
        {
            if (context.Grain is IMayBeUnknown { IsUnknown: true })
            {
                context.TargetContext.Deactivate(NothingStored);
            }
        }
    }
}
