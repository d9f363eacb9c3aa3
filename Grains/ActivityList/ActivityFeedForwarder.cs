using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace HomeUniteUs.Grains.ActivityList;

/// <summary>
/// Forwards this silo's <see cref="ActivityStore.Appended"/> to the feed hub (<see cref="IActivityFeedHubGrain"/>).
/// The writer only drops the newest id into a one-slot mailbox; a poke that fails is not retried, because the
/// gateways also read the table on a short timer.
/// </summary>
public sealed class ActivityFeedForwarder(ActivityStore store, IGrainFactory grains, ILogger<ActivityFeedForwarder> logger) : BackgroundService
{
    private readonly Channel<long> newest = Channel.CreateBounded<long>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        store.Appended += OnAppended;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        store.Appended -= OnAppended;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in newest.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await grains.GetGrain<IActivityFeedHubGrain>(0).Appended(id);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogDebug(e, "The activity feed hub missed event {Id}; the gateways read the table on their timer", id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void OnAppended(long id) => newest.Writer.TryWrite(id);
}
