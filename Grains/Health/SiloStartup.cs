namespace HomeUniteUs.Grains.Health;

/// <summary>
/// Whether this silo has finished its start-up work (recovering interrupted flows, seeding the
/// development users). Until then its health grain says it is not ready, so a stack whose
/// readiness is green can be used at once.
/// </summary>
public sealed class SiloStartup
{
    private readonly TaskCompletionSource completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsComplete => completed.Task.IsCompleted;

    /// <summary>Completes once the start-up work is done (whether or not all of it succeeded).</summary>
    public Task Completed => completed.Task;

    public void MarkComplete() => completed.TrySetResult();
}
