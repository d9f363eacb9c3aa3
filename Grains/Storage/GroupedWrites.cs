using HomeUniteUs.Grains.ActivityList;

namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// The state of a reentrant grain whose changes are written in groups (<see cref="GroupCommit"/>): <see cref="Newest"/>
/// holds every change made so far, written or not, and is what the next change is checked against and made from;
/// <see cref="Committed"/> is the state as last written, and is what reads answer. A change replaces
/// <see cref="Newest"/> with a new object (states are never changed in place once made newest) and waits for the write
/// that carries it. <paramref name="write"/> writes a state with its events (the grain's outbox write);
/// <paramref name="failed"/> runs when it fails (the grain deactivates: the changes made on top of the failed write are
/// dropped, and the next activation reads storage again).
/// </summary>
public sealed class GroupedWrites<T>(T stored, Func<T, IReadOnlyList<NewActivity>, Task> write, Action failed)
    where T : class
{
    private readonly GroupCommit commit = new();

    /// <summary>The events of the changes not written yet, in the order made.</summary>
    private List<NewActivity> unwritten = [];

    public T Newest { get; private set; } = stored;

    public T Committed { get; private set; } = stored;

    /// <summary>Makes <paramref name="next"/> the newest state (in the caller's turn) and waits until a write has carried it.</summary>
    public Task Change(T next, IReadOnlyList<NewActivity> events)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(events);
        Newest = next;
        unwritten.AddRange(events);
        return commit.Write(WriteNewest);
    }

    /// <summary>Waits until the changes made so far are written: a call that changed nothing answers only what is written.</summary>
    public Task Written() => commit.Written();

    /// <summary>Runs <paramref name="reload"/> between writes (recovery that reads storage again); the state it returns is the one written.</summary>
    public Task Alone(Func<Task<T>> reload)
    {
        ArgumentNullException.ThrowIfNull(reload);
        return commit.Alone(async () => Committed = await reload());
    }

    private async Task WriteNewest()
    {
        var state = Newest;
        var events = unwritten;
        unwritten = [];
        try
        {
            await write(state, events);
        }
        catch
        {
            failed();
            throw;
        }

        Committed = state;
    }
}
