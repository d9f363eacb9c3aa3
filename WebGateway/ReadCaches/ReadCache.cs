using System.Collections.Concurrent;

namespace HomeUniteUs.WebGateway.ReadCaches;

/// <summary>The limits every <see cref="ReadCache{TKey, TValue}"/> shares.</summary>
public static class ReadCache
{
    /// <summary>Rule 7: no copy is served longer than this after its fetch began, whatever the lease says.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Copies one cache holds at most unless it names fewer; when full, a miss first sweeps out the copies that aged out.</summary>
    public const int MaxEntries = 100_000;
}

/// <summary>
/// The gateway's one cache of repeated reads: values by key, fetched by the caller's value factory and served while
/// <see cref="ReadCacheLease.IsHeld"/> (rule 1), until the hub reports a change of their key (<see cref="Drop"/>,
/// <see cref="DropWhere"/>) or the lease starts over (<see cref="Clear"/>), and never longer than
/// <see cref="ReadCache.MaxAge"/> (rule 7). A value fetched while a drop of its key (or a clear) happened is served to
/// the callers that asked for it but not kept (rule 5: the drops are counted per key while a fetch of the key runs).
/// Nothing is kept for a key whose fetch answers null. Misses of one key run at most <c>fetchesPerKey</c> fetches at
/// once; a miss arriving when all are busy shares the newest of them if no drop of its key (nor a clear) was counted
/// since that fetch began and the lease is held: every change acknowledged before the miss then either was dropped
/// before that fetch began, so the fetch reads it, or would have been counted (rule 3). Otherwise it joins the next
/// round, which starts after it arrived (so it sees every change acknowledged before it) as soon as a fetch of the key
/// finishes. How many copies are held is the gauge
/// <c>huu.gateway.read_cache.copies</c>. The rules and a write step by step: docs/read-cache-coherence.md.
/// </summary>
public sealed class ReadCache<TKey, TValue>(ReadCacheLease lease, TimeProvider clock, int fetchesPerKey = int.MaxValue, int maxEntries = ReadCache.MaxEntries)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Copy> copies = new();
    private readonly Dictionary<TKey, Fetches> fetching = [];
    private readonly Lock gate = new();
    private long clears;
    private long nextSweepTicks;

    /// <summary>The copy, or what <paramref name="fetch"/> answers (null: nothing to serve, nothing kept).</summary>
    public async ValueTask<TValue?> Get(TKey key, Func<Task<TValue?>> fetch)
    {
        if (copies.TryGetValue(key, out var copy) && copy.UntilTicks > clock.GetUtcNow().UtcTicks && lease.IsHeld)
        {
            return copy.Value;
        }

        Fetches running;
        Round? joined = null;
        Started? shared = null;
        Started? mine = null;
        lock (gate)
        {
            if (!fetching.TryGetValue(key, out running!))
            {
                fetching[key] = running = new Fetches();
            }

            if (running.Count < fetchesPerKey)
            {
                running.Count++;
                mine = running.Newest = new Started(Start(running));
            }
            else if (running.Newest is { } newest && newest.Seen.Drops == running.Drops && newest.Seen.Clears == clears && lease.IsHeld
                && !newest.Done.Task.IsFaulted)
            {
                shared = newest; // a fetch that already failed is not shared: its failure came before this miss
            }
            else
            {
                joined = running.Pending ??= new Round(fetch);
            }
        }

        if (shared is not null)
        {
            return await shared.Done.Task;
        }

        if (joined is not null)
        {
            return await joined.Done.Task;
        }

        try
        {
            return await FetchAndKeep(key, running, fetch, mine!);
        }
        finally
        {
            _ = RunPending(key, running);
        }
    }

    /// <summary>The hub reported a change of <paramref name="key"/>.</summary>
    public void Drop(TKey key)
    {
        lock (gate)
        {
            if (fetching.TryGetValue(key, out var running))
            {
                running.Drops++;
            }

            if (copies.TryRemove(key, out _))
            {
                GatewayMetrics.ReadCacheCopies(-1);
            }
        }
    }

    /// <summary>The hub reported a change that every key <paramref name="affected"/> names shows (one org in several views).</summary>
    public void DropWhere(Func<TKey, bool> affected)
    {
        ArgumentNullException.ThrowIfNull(affected);
        lock (gate)
        {
            foreach (var (key, running) in fetching)
            {
                if (affected(key))
                {
                    running.Drops++;
                }
            }

            foreach (var key in copies.Keys)
            {
                if (affected(key) && copies.TryRemove(key, out _))
                {
                    GatewayMetrics.ReadCacheCopies(-1);
                }
            }
        }
    }

    /// <summary>Changes may have gone unseen (a lapse, a new hub): nothing kept so far, nor in flight, is served again.</summary>
    public void Clear()
    {
        lock (gate)
        {
            clears++;
            GatewayMetrics.ReadCacheCopies(-copies.Count);
            copies.Clear();
        }
    }

    /// <summary>What a fetch starting now must still see when it ends for its value to be kept. Called under the gate.</summary>
    private Seen Start(Fetches running) => new(running.Drops, clears, clock.GetUtcNow().UtcTicks);

    /// <summary>Fetches, keeps the value if rule 5 allows, and answers the misses that shared this fetch (<paramref name="started"/>).</summary>
    private async Task<TValue?> FetchAndKeep(TKey key, Fetches running, Func<Task<TValue?>> fetch, Started started)
    {
        TValue? value;
        try
        {
            value = await fetch();
        }
        catch (Exception e)
        {
            started.Done.SetException(e);
            _ = started.Done.Task.Exception; // observed: nobody may have shared it
            throw;
        }

        if (value is not null)
        {
            Keep(key, running, value, started.Seen);
        }

        started.Done.SetResult(value);
        return value;
    }

    /// <summary>Runs the round that gathered while this fetch ran, then the next, until none is left; then frees the lane.</summary>
    private async Task RunPending(TKey key, Fetches running)
    {
        while (true)
        {
            Round? round;
            Started started;
            lock (gate)
            {
                round = running.Pending;
                running.Pending = null;
                if (round is null)
                {
                    if (--running.Count == 0)
                    {
                        fetching.Remove(key);
                    }

                    return;
                }

                started = running.Newest = new Started(Start(running));
            }

            try
            {
                round.Done.SetResult(await FetchAndKeep(key, running, round.Fetch, started));
            }
            catch (Exception e)
            {
                round.Done.SetException(e);
            }
        }
    }

    private void Keep(TKey key, Fetches running, TValue value, Seen seen)
    {
        lock (gate)
        {
            if (running.Drops != seen.Drops || clears != seen.Clears || !lease.IsHeld)
            {
                return;
            }

            var now = clock.GetUtcNow().UtcTicks;

            // Full: make room from the copies that have aged out; never drop the live ones all at once.
            // At most one sweep a second: while every copy is live, a miss is not a scan of them all.
            if (copies.Count >= maxEntries && now >= nextSweepTicks)
            {
                nextSweepTicks = now + TimeSpan.TicksPerSecond;
                foreach (var (old, copy) in copies)
                {
                    if (copy.UntilTicks <= now && copies.TryRemove(old, out _))
                    {
                        GatewayMetrics.ReadCacheCopies(-1);
                    }
                }
            }

            var fresh = new Copy(value, seen.StartedTicks + ReadCache.MaxAge.Ticks);
            if (copies.ContainsKey(key))
            {
                copies[key] = fresh;
            }
            else if (copies.Count < maxEntries && copies.TryAdd(key, fresh))
            {
                GatewayMetrics.ReadCacheCopies(1);
            }
        }
    }

    private sealed record Copy(TValue Value, long UntilTicks);

    /// <summary>The fetches of one key running now (all changed under the gate); gone when none runs.</summary>
    private sealed class Fetches
    {
        public int Count;
        public long Drops;
        public Round? Pending;

        /// <summary>The fetch of this key that began last, which a miss may share.</summary>
        public Started? Newest;
    }

    /// <summary>One fetch: what it must still see to be kept (and to be shared), and its answer for those who share it.</summary>
    private sealed record Started(Seen Seen)
    {
        public TaskCompletionSource<TValue?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Round(Func<Task<TValue?>> Fetch)
    {
        public TaskCompletionSource<TValue?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly record struct Seen(long Drops, long Clears, long StartedTicks);
}
