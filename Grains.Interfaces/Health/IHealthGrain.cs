namespace HomeUniteUs.Grains.Interfaces.Health;

/// <summary>Answers when a silo can run grains; the gateway's readiness check calls it.</summary>
public interface IHealthGrain : IGrainWithIntegerKey
{
    Task<string> Ping();
}
