using Orleans.Storage;

namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// Grain storage (the Orleans ADO.NET provider) behind <see cref="DatabasePools.Run{T}"/>: reads are
/// retried once on a fresh connection, writes only when they certainly never ran, and an outage
/// leaves as the domain's 503 — also when it happens while a grain activates, where no grain
/// call filter runs and Orleans would otherwise ship an exception it has no codec for.
/// </summary>
public sealed class OutageAwareGrainStorage(IGrainStorage inner, DatabasePools pools) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        pools.Run(async () =>
        {
            await inner.ReadStateAsync(stateName, grainId, grainState);
            return true;
        }, repeatable: true);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        pools.Run(async () =>
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return true;
        }, repeatable: false);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        pools.Run(async () =>
        {
            await inner.ClearStateAsync(stateName, grainId, grainState);
            return true;
        }, repeatable: false);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
