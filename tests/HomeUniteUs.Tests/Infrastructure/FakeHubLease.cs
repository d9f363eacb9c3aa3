using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// A gateway's read-cache lease renewed with the hub of <paramref name="grains"/> (a fake) on <paramref name="clock"/>,
/// for the unit tests of the caches that follow it; <see cref="StartHeld"/> returns once the hub granted it.
/// </summary>
public sealed class FakeHubLease(IGrainFactory grains, TimeProvider clock) : IDisposable
{
    public ServiceProvider Services { get; } = new ServiceCollection().AddSingleton(grains).BuildServiceProvider();

    public ReadCacheLease Lease => lease ??= New(clock);

    private ReadCacheLease? lease;

    /// <summary>Another lease with the same hub (never started unless the test does).</summary>
    public ReadCacheLease New(TimeProvider on) => new(Services, on, NullLogger<ReadCacheLease>.Instance);

    public Task Start() => Lease.StartAsync(CancellationToken.None);

    public async Task StartHeld()
    {
        await Start();
        Assert.True(SpinWait.SpinUntil(() => Lease.IsHeld, TimeSpan.FromSeconds(10)), "the fake hub never granted the lease");
    }

    public Task Stop() => Lease.StopAsync(CancellationToken.None);

    public void Dispose()
    {
        lease?.Dispose();
        Services.Dispose();
    }
}
