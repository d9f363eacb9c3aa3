using System.Threading.Channels;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.WebGateway.Access;

namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>
/// This gateway's one reader of the activity list for its open streams. When the feed hub pokes it (an event was
/// committed on some silo) and at least every <see cref="ActivityStreamOptions.ReadInterval"/> (a lost poke costs
/// no more), it reads the events after its cursor once, as an admin, and queues to each stream the events its reader
/// reaches now: the reader's and each person's scope are read from their user grains for every batch, so a
/// membership change is followed by the next batch. Without streams it reads nothing and holds no cursor.
/// Grain calls go through the host's <see cref="IGrainFactory"/>, resolved only when needed (see <see cref="ReachFilter"/>).
/// </summary>
public sealed class ActivityFeed(
    IServiceProvider services, ActivityStreamOptions options, IHostApplicationLifetime lifetime, ILogger<ActivityFeed> logger)
    : BackgroundService, IActivityFeedObserver
{
    public const int PageSize = 500;

    private static readonly MemberScope Everyone = new(0, UserRoles.Admin, null, false);
    private static readonly TimeSpan RenewEvery = IActivityFeedHubGrain.Lease / 3;

    private readonly SemaphoreSlim reading = new(1, 1);
    private readonly HashSet<StreamConnection> connections = [];
    private readonly Channel<bool> pokes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long? cursor;
    private bool stopping;
    private IActivityFeedObserver? reference;
    private DateTimeOffset renewedAt = DateTimeOffset.MinValue;
    private bool warned;

    /// <summary>The open streams of this gateway.</summary>
    public int Count
    {
        get
        {
            lock (connections)
            {
                return connections.Count;
            }
        }
    }

    public Task Appended(long id)
    {
        pokes.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Opens a stream for <paramref name="reader"/>: every event committed after this returns (and any the feed has not
    /// read yet) is queued to it if the reader reaches it. A gateway that is stopping gives a stream that is already closed.
    /// </summary>
    public async Task<StreamConnection> Attach(Caller reader, CancellationToken cancellationToken)
    {
        await reading.WaitAsync(cancellationToken);
        try
        {
            // The cursor is never past what is committed, so a reader who catches up from the table after this
            // and then takes what is queued misses nothing.
            cursor ??= (await Grains().GetGrain<IActivityLogGrain>(0).Read(Everyone, null, 1)).Next;
            var connection = new StreamConnection(reader, cursor.Value, options.QueueCapacity);
            lock (connections)
            {
                if (stopping)
                {
                    connection.Close();
                }
                else
                {
                    connections.Add(connection);
                }
            }

            pokes.Writer.TryWrite(true);
            return connection;
        }
        finally
        {
            reading.Release();
        }
    }

    public void Detach(StreamConnection connection)
    {
        lock (connections)
        {
            connections.Remove(connection);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopped = lifetime.ApplicationStopping.Register(CloseAll);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    wait.CancelAfter(options.ReadInterval);
                    try
                    {
                        await pokes.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The read interval passed without a poke: read anyway.
                    }
                }

                await ReadOnce(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            CloseAll();
        }
    }

    private IGrainFactory Grains() => services.GetRequiredService<IGrainFactory>();

    private async Task ReadOnce(CancellationToken stoppingToken)
    {
        await reading.WaitAsync(stoppingToken);
        try
        {
            var open = Open();
            if (open.Count == 0)
            {
                cursor = null;
                return;
            }

            var grains = Grains();
            await Renew(grains);
            ActivityFeedPage page;
            do
            {
                page = await grains.GetGrain<IActivityLogGrain>(0).ReadFeed(cursor ?? 0, PageSize);
                if (page.Events.Count > 0)
                {
                    await Dispatch(grains, page, open);
                }

                cursor = page.Next;
            }
            while (page.Events.Count == PageSize && !stoppingToken.IsCancellationRequested);

            warned = false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The cluster or the database is away: the cursor stays, and the next read picks up from it.
            if (!warned)
            {
                logger.LogWarning("The live activity feed could not read the activity list ({Reason}); retrying", e.GetType().Name);
                warned = true;
            }
        }
        finally
        {
            reading.Release();
        }
    }

    private async Task Dispatch(IGrainFactory grains, ActivityFeedPage page, List<StreamConnection> open)
    {
        var users = services.GetRequiredService<CurrentUserReadCache>();
        var readers = new Dictionary<Caller, MemberScope?>();
        foreach (var reader in open.Select(connection => connection.Reader).Distinct())
        {
            readers[reader] = await users.ReachOf(reader, grains);
        }

        foreach (var connection in open)
        {
            if (readers[connection.Reader] is not { } reader)
            {
                continue;
            }

            foreach (var activity in page.Events)
            {
                if (activity.Id > connection.LiveAfter && page.Reaches(reader, activity))
                {
                    connection.Offer(activity);
                }
            }
        }
    }

    /// <summary>Subscribes to the feed hub, again every third of its lease (a hub that moved silos starts empty).</summary>
    private async Task Renew(IGrainFactory grains)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - renewedAt < RenewEvery)
        {
            return;
        }

        try
        {
            reference ??= grains.CreateObjectReference<IActivityFeedObserver>(this);
            await grains.GetGrain<IActivityFeedHubGrain>(0).Subscribe(reference);
            renewedAt = now;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "The activity feed hub was not reached; reading the table on the timer meanwhile");
        }
    }

    private List<StreamConnection> Open()
    {
        lock (connections)
        {
            return [.. connections];
        }
    }

    private void CloseAll()
    {
        lock (connections)
        {
            stopping = true;
            foreach (var connection in connections)
            {
                connection.Close();
            }

            connections.Clear();
        }
    }
}
