namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>
/// A gateway told to stop (SIGTERM) first reports not-ready on /api/health/ready while it keeps serving for
/// <see cref="HuuSettings.ShutdownDelay"/>, so that a load balancer polling readiness takes it out; only then
/// does the host stop Kestrel, which stops accepting connections and lets the requests in flight finish (for
/// up to <see cref="DrainTimeout"/>), and after that the cluster client. The host's own stopping stage does
/// the waiting: nothing here touches a socket.
/// </summary>
public sealed class GracefulShutdown(HuuSettings settings, IHostApplicationLifetime lifetime, ILogger<GracefulShutdown> logger) : IHostedLifecycleService
{
    /// <summary>How long requests in flight may take to finish once the gateway stops accepting.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private volatile bool stopping;

    /// <summary>Whether this process is stopping: readiness answers 503 from the first moment.</summary>
    public bool IsStopping => stopping || lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>The host's whole stop: the not-ready delay, then the drain.</summary>
    public static TimeSpan ShutdownTimeout(HuuSettings settings) => settings.ShutdownDelay + DrainTimeout;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        logger.LogInformation("Stopping: not ready for {Delay} s, then no new connections and up to {Drain} s for requests in flight",
            settings.ShutdownDelay.TotalSeconds, DrainTimeout.TotalSeconds);
        try
        {
            await Task.Delay(settings.ShutdownDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
