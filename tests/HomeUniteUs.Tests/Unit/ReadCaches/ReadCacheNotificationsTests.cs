using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using static HomeUniteUs.Tests.Infrastructure.Fakes;

namespace HomeUniteUs.Tests.Unit.ReadCaches;

/// <summary>
/// A change the hub could not be told about (its silo died during the write) is not acknowledged while a gateway
/// may still serve an older copy under a lease: the writer waits one lease (fake clock), then reports once more;
/// acknowledged if that report is answered, 503 if not.
/// </summary>
public sealed class ReadCacheNotificationsTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private int calls;

    [Fact]
    public async Task A_report_the_hub_missed_waits_out_the_lease_then_is_acknowledged_once_the_hub_answers()
    {
        var changed = ReadCacheNotifications.Changed(Hub(failures: 3), CachedRead.HousingOrg, 1, clock, NullLogger.Instance);
        Assert.Equal(3, calls);
        clock.Advance(IReadCacheHubGrain.Lease - TimeSpan.FromMilliseconds(1));
        Assert.False(changed.IsCompleted, "acknowledged while a gateway's lease on an old copy may still run");

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await changed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task A_report_the_hub_still_misses_after_the_lease_is_a_503()
    {
        var changed = ReadCacheNotifications.Changed(Hub(failures: int.MaxValue), CachedRead.User, 7, clock, NullLogger.Instance);
        Assert.False(changed.IsCompleted, "acknowledged without waiting out the leases");

        clock.Advance(IReadCacheHubGrain.Lease);
        var refused = await Assert.ThrowsAsync<HuuException>(() => changed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(ErrorKind.Unavailable, refused.Kind);
        Assert.Equal(4, calls);
    }

    /// <summary>A grain factory whose hub fails its first <paramref name="failures"/> reports (as calls to a dead silo do), then answers.</summary>
    private IGrainFactory Hub(int failures) => Fake<IGrainFactory>((method, _) => method.ReturnType == typeof(IReadCacheHubGrain)
        ? Fake<IReadCacheHubGrain>((called, _) => called.Name == nameof(IReadCacheHubGrain.Changed)
            ? (++calls <= failures ? Task.FromException(new SiloUnavailableException("the hub's silo died")) : Task.CompletedTask)
            : throw new NotSupportedException(called.Name))
        : throw new NotSupportedException(method.Name));
}
