using HomeUniteUs.Grains.Interfaces.Health;
using Orleans.Concurrency;

namespace HomeUniteUs.Grains.Health;

[StatelessWorker]
public sealed class HealthGrain(ILocalSiloDetails silo) : Grain, IHealthGrain
{
    public Task<string> Ping() => Task.FromResult(silo.SiloAddress.ToString());
}
