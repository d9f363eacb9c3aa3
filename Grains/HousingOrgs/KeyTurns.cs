namespace HomeUniteUs.Grains.HousingOrgs;

/// <summary>
/// Queues the calls of a reentrant grain that touch the same key, and lets calls on other keys run
/// between their awaits. Used only from the grain's own turns (one at a time), so plain collections suffice.
/// Callers that hold several keys enter them in one fixed order, which rules out a deadlock.
/// </summary>
internal sealed class KeyTurns
{
    private readonly Dictionary<string, Task> tails = new(StringComparer.Ordinal);

    /// <summary>Waits for the calls on <paramref name="key"/> queued before this one; dispose to let the next in.</summary>
    public async Task<IDisposable> Enter(string key)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = tails.GetValueOrDefault(key, Task.CompletedTask);
        tails[key] = done.Task;
        await before;
        return new Turn(this, key, done);
    }

    private sealed class Turn(KeyTurns owner, string key, TaskCompletionSource done) : IDisposable
    {
        public void Dispose()
        {
            if (owner.tails.TryGetValue(key, out var tail) && tail == done.Task)
            {
                owner.tails.Remove(key);
            }

            done.TrySetResult();
        }
    }
}
