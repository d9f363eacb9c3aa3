using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Health;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Journeys;
using HomeUniteUs.Grains.Interfaces.Matches;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// While the silo runs, every <see cref="Interval"/>: hands each grain with activity events staged longer than
/// <see cref="ActivityOutbox.SettleAfter"/> to that grain, which publishes those its stored state names and deletes
/// the rest (invariant 11 after a crash between staging, the state write and publishing); and rewrites the
/// <c>huu_people</c> row of each person left marked moving as long (a membership change a crash interrupted).
/// Every silo runs it; a grain settles its rows one call at a time, so two silos settling at once keep one event.
/// </summary>
public sealed class ActivityOutboxRecovery(
    ActivityOutbox outbox, PeopleTable people, IGrainFactory grains, SiloStartup startup, TimeProvider time, ILogger<ActivityOutboxRecovery> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await startup.Completed.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, time, stoppingToken);
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not settle the staged activity events (next try in {Seconds}s): {Error}", Interval.TotalSeconds, e.GetType().Name);
            }
        }
    }

    private async Task Sweep(CancellationToken stoppingToken)
    {
        foreach (var source in await outbox.Stale(ActivityOutbox.SettleAfter, Batch))
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                await Grain(source).SettleActivity();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not settle the staged activity events of {Source} {Key}: {Error}", source.Kind, source.Key, e.GetType().Name);
            }
        }

        foreach (var userId in await people.StillMoving(ActivityOutbox.SettleAfter))
        {
            stoppingToken.ThrowIfCancellationRequested();
            await grains.GetGrain<IUserGrain>(userId).ResyncPeopleRow();
        }
    }

    private IActivitySourceGrain Grain(ActivitySource source) => source.Kind switch
    {
        ActivitySource.User => grains.GetGrain<IUserGrain>(source.Key),
        ActivitySource.Journey => grains.GetGrain<IJourneyGrain>(source.Key),
        ActivitySource.Match => grains.GetGrain<IMatchGrain>(source.Key),
        ActivitySource.Intake => grains.GetGrain<IIntakeProfileGrain>(source.Key),
        _ => throw new InvalidOperationException($"No grain stages activity events as {source.Kind}"),
    };
}
