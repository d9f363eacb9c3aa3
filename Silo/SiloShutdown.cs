using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Silo;

/// <summary>
/// A silo told to stop (SIGTERM) stops through the host, which runs Orleans' own graceful stop: the silo
/// marks itself shutting down in the membership table (the others stop placing grains on it at once, no
/// failure detection needed), stops its client gateway (clients move to the other silos), lets the requests
/// it is running finish, deactivates every activation (their next calls activate them elsewhere from the
/// state they wrote) and leaves as Dead. That stop is graceful only while the host's shutdown timeout has not
/// run out (default 30 s; a cancelled stop is an abrupt one), so it is raised to <see cref="Timeout"/>,
/// within deploy/kubernetes' terminationGracePeriodSeconds.
/// </summary>
public static class SiloShutdown
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The host's shutdown timeout is at least <see cref="Timeout"/> (a co-hosted API may ask more).</summary>
    public static IServiceCollection AddGracefulSiloShutdown(this IServiceCollection services) =>
        services.PostConfigure<HostOptions>(options =>
            options.ShutdownTimeout = options.ShutdownTimeout > Timeout ? options.ShutdownTimeout : Timeout);
}
