namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>
/// Sends items in batches without a timer: an item submitted while no batch is on its way is sent at once, alone;
/// items submitted while one is on its way wait for it and are then sent together (at most <paramref name="maxBatch"/>
/// at a time). One batch is on its way at a time, so under load each call carries what arrived during the previous
/// one, and a quiet gateway adds no wait at all. A batch that fails fails every item in it, and only those.
/// </summary>
public sealed class Batcher<TItem, TResult>(Func<TItem[], Task<TResult[]>> send, int maxBatch)
{
    private readonly Lock gate = new();
    private readonly Queue<(TItem Item, TaskCompletionSource<TResult> Done)> waiting = new();
    private bool sending;

    public Task<TResult> Submit(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiting.Enqueue((item, done));
            if (sending)
            {
                return done.Task;
            }

            sending = true;
        }

        _ = SendWhileWaiting();
        return done.Task;
    }

    private async Task SendWhileWaiting()
    {
        while (true)
        {
            (TItem Item, TaskCompletionSource<TResult> Done)[] batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    sending = false;
                    return;
                }

                batch = new (TItem, TaskCompletionSource<TResult>)[Math.Min(waiting.Count, maxBatch)];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = waiting.Dequeue();
                }
            }

            try
            {
                var results = await send([.. batch.Select(entry => entry.Item)]);
                if (results.Length != batch.Length)
                {
                    throw new InvalidOperationException($"A batch of {batch.Length} was answered with {results.Length} results");
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception failure)
            {
                foreach (var entry in batch)
                {
                    entry.Done.TrySetException(failure);
                }
            }
        }
    }
}
