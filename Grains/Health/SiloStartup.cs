namespace HomeUniteUs.Grains.Health;

/// <summary>
/// Whether this silo has finished its start-up work (recovering interrupted flows, seeding the
/// development users). Until then its health grain says it is not ready, so a stack whose
/// readiness is green can be used at once.
/// </summary>
public sealed class SiloStartup
{
    private volatile bool complete;

    public bool IsComplete => complete;

    public void MarkComplete() => complete = true;
}
