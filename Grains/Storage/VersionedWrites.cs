namespace HomeUniteUs.Grains.Storage;

/// <summary>A state row written as numbered versions, so that a late notification of an older one changes nothing.</summary>
public interface IVersionedState
{
    long Version { get; set; }
}

public static class VersionedWrites
{
    /// <summary>
    /// Writes <paramref name="next"/> as the next version. When the write fails it is unknown whether the row
    /// was written, so nothing is served from memory: the state goes back to what was read and the grain
    /// deactivates (<paramref name="deactivate"/>), reading the row again on its next call.
    /// </summary>
    public static Task WriteNext<T>(this IPersistentState<T> stored, T next, Action deactivate)
        where T : IVersionedState
    {
        next.Version = stored.State.Version + 1;
        return stored.Replace(next, deactivate);
    }

    /// <summary>Writes <paramref name="next"/> in place of the state; a failed write restores and deactivates as <see cref="WriteNext"/> says.</summary>
    public static async Task Replace<T>(this IPersistentState<T> stored, T next, Action deactivate)
    {
        var previous = stored.State;
        stored.State = next;
        try
        {
            await stored.WriteStateAsync();
        }
        catch
        {
            stored.State = previous;
            deactivate();
            throw;
        }
    }
}
