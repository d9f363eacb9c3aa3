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
    public static async Task WriteNext<T>(this IPersistentState<T> stored, T next, Action deactivate)
        where T : IVersionedState
    {
        var previous = stored.State;
        next.Version = previous.Version + 1;
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
