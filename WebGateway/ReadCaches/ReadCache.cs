using System.Collections.Concurrent;

namespace HomeUniteUs.WebGateway.ReadCaches;

/// <summary>
/// Response bodies by id, serialized once and served while the lease is held. A body fetched
/// while a change arrived is not kept (an epoch counts drops), so a copy is never older than the
/// last change the hub reported; a copy also ages out after <see cref="MaxAge"/>, which bounds the
/// harm of a change nobody reported (a writer that crashed between its write and its report).
/// Nothing is kept for an id without a body (an id that does not exist), and how many copies are
/// held is the gauge <c>huu.gateway.read_cache.copies</c>.
/// The rules and a write step by step: docs/read-cache-coherence.md.
/// </summary>
public sealed class ReadCache(ReadCacheLease lease, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<long, Copy> copies = new();
    private readonly Lock gate = new();
    private long epoch;
    private long nextSweepTicks;

    /// <summary>The copy, or what <paramref name="fetch"/> answers (null: nothing to serve, nothing kept).</summary>
    public async ValueTask<byte[]?> Get(long id, Func<Task<byte[]?>> fetch)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (copies.TryGetValue(id, out var copy) && copy.UntilTicks > now && lease.IsHeld)
        {
            return copy.Body;
        }

        var seen = Volatile.Read(ref epoch);
        var body = await fetch();
        if (body is not null)
        {
            lock (gate)
            {
                if (epoch == seen && lease.IsHeld)
                {
                    // Full: make room from the copies that have aged out; never drop the live ones all at once.
                    // At most one sweep a second: while every copy is live, a miss is not a scan of them all.
                    if (copies.Count >= MaxEntries && now >= nextSweepTicks)
                    {
                        nextSweepTicks = now + TimeSpan.TicksPerSecond;
                        foreach (var (key, old) in copies)
                        {
                            if (old.UntilTicks <= now && copies.TryRemove(key, out _))
                            {
                                GatewayMetrics.ReadCacheCopies(-1);
                            }
                        }
                    }

                    var fresh = new Copy(body, now + MaxAge.Ticks);
                    if (copies.ContainsKey(id))
                    {
                        copies[id] = fresh;
                    }
                    else if (copies.Count < MaxEntries && copies.TryAdd(id, fresh))
                    {
                        GatewayMetrics.ReadCacheCopies(1);
                    }
                }
            }
        }

        return body;
    }

    public void Drop(long id)
    {
        lock (gate)
        {
            epoch++;
            if (copies.TryRemove(id, out _))
            {
                GatewayMetrics.ReadCacheCopies(-1);
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            epoch++;
            GatewayMetrics.ReadCacheCopies(-copies.Count);
            copies.Clear();
        }
    }

    private sealed record Copy(byte[] Body, long UntilTicks);
}
