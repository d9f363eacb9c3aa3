using Microsoft.Extensions.Caching.Memory;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// A <see cref="MemoryCache"/> of at most a given number of entries (each entry of size 1, oldest evicted first)
/// whose expirations run on the caller's <see cref="TimeProvider"/>, so they follow the same clock as the rest of
/// the check (a test's fake clock too; <see cref="MemoryCacheOptions"/> takes only an <see cref="Microsoft.Extensions.Internal.ISystemClock"/>).
/// </summary>
internal static class BoundedMemoryCache
{
    public static MemoryCache Create(int maxEntries, TimeProvider clock) =>
        new(new MemoryCacheOptions { SizeLimit = maxEntries, Clock = new Clock(clock) });

    private sealed class Clock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
