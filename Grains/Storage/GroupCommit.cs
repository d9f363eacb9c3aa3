namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// Group commit for a reentrant grain whose calls change one state. A call changes the state in memory, in its own
/// turn, then waits for <see cref="Write"/>: the write that has not begun yet, which it joins, or a new one queued
/// behind the write that is running. One write runs at a time and writes the state as every call it carries left it,
/// so N calls queued on one grain cost one write each time instead of N in a row. A call answers only after the write
/// that carries its change has succeeded.
/// <para>
/// A failed write fails the calls it carries and every call queued after it (their changes were made on top of
/// it): from then on everything fails, and the grain must deactivate (its write function does that), so that its next
/// activation reads storage again. Used only from the grain's own turns (one at a time), so no locks.
/// </para>
/// </summary>
public sealed class GroupCommit
{
    /// <summary>The write queued and not begun: the calls that change the state meanwhile join it.</summary>
    private TaskCompletionSource? open;

    /// <summary>The newest work queued (a write or <see cref="Alone"/>); its task never fails.</summary>
    private Task last = Task.CompletedTask;

    /// <summary>The outcome of the newest write queued: what <see cref="Written"/> waits for.</summary>
    private Task newest = Task.CompletedTask;

    private Exception? failure;

    /// <summary>
    /// Waits until the state as changed so far is written, by <paramref name="write"/> (the grain's write of its
    /// newest state, the same function on every call) in the write not begun yet, joined or queued now.
    /// </summary>
    public Task Write(Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (failure is not null)
        {
            return Task.FromException(failure);
        }

        if (open is { } joined)
        {
            return joined.Task;
        }

        var batch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open = batch;
        newest = batch.Task;
        last = Run(last, batch, write);
        return batch.Task;
    }

    /// <summary>Waits for every write queued so far: a call that changed nothing answers only what is written.</summary>
    public Task Written() => failure is not null ? Task.FromException(failure) : newest;

    /// <summary>Runs <paramref name="work"/> with no write running (after the ones queued so far; later changes queue after it).</summary>
    public Task Alone(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open = null;
        last = Run(last, done, work, joinable: false);
        return done.Task;
    }

    private async Task Run(Task previous, TaskCompletionSource done, Func<Task> work, bool joinable = true)
    {
        await previous;
        if (joinable && open == done)
        {
            open = null; // begun: later changes go into the next write
        }

        try
        {
            if (failure is not null)
            {
                throw failure;
            }

            await work();
            done.SetResult();
        }
        catch (Exception e)
        {
            if (joinable)
            {
                failure ??= e;
            }

            done.SetException(e);
        }
    }
}
