using System.Threading.Channels;
using HomeUniteUs.Grains.Interfaces.ActivityList;

namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>
/// One open stream as the gateway's feed sees it: whose it is, the id after which live events reach it, and a
/// bounded queue of events not yet written to it. The feed never waits for a reader: when the queue is full the
/// stream is ended (<see cref="Overflowed"/>) and the reader resumes from the table with Last-Event-ID.
/// </summary>
public sealed class StreamConnection
{
    private readonly Channel<ActivityEvent> queue;

    public StreamConnection(Caller reader, long liveAfter, int capacity)
    {
        Reader = reader;
        LiveAfter = liveAfter;
        queue = Channel.CreateBounded<ActivityEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Caller Reader { get; }

    /// <summary>Every event after this id that the reader reaches is queued (the feed's cursor when the stream attached).</summary>
    public long LiveAfter { get; }

    /// <summary>The queue ran full: the reader fell behind and the stream ends.</summary>
    public bool Overflowed { get; private set; }

    public ChannelReader<ActivityEvent> Events => queue.Reader;

    /// <summary>Queues <paramref name="activity"/> without waiting; a full queue ends the stream instead.</summary>
    public void Offer(ActivityEvent activity)
    {
        if (!queue.Writer.TryWrite(activity) && queue.Writer.TryComplete())
        {
            Overflowed = true;
        }
    }

    /// <summary>Ends the stream once what is queued is written (the gateway is stopping).</summary>
    public void Close() => queue.Writer.TryComplete();
}
