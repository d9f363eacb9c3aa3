using HomeUniteUs.Grains.Interfaces.Health;

namespace HomeUniteUs.Grains.Health;

[StatelessWorker]
public sealed class HealthGrain(ILocalSiloDetails silo, SiloStartup startup) : Grain, IHealthGrain
{
    public Task<string> Ping() => startup.IsComplete
        ? Task.FromResult(silo.SiloAddress.ToString())
        : throw HuuException.Unavailable("The silo is still starting");
}
