using HomeUniteUs.WebGateway.Idempotency;

namespace HomeUniteUs.Tests.Unit.Idempotency;

/// <summary>
/// The gateway's batching of Idempotency-Key calls: what arrives while a batch is on its way goes in the next one,
/// each item gets its own result, a failed batch fails only its own items, and nothing waits when nothing is on its way.
/// </summary>
public sealed class BatcherTests
{
    /// <summary>A send that records each batch and finishes only when the test says so.</summary>
    private sealed class HeldSend
    {
        private readonly List<(int[] Items, TaskCompletionSource<string[]> Answer)> sent = [];

        public IReadOnlyList<int[]> Batches
        {
            get
            {
                lock (sent)
                {
                    return [.. sent.Select(batch => batch.Items)];
                }
            }
        }

        public Task<string[]> Send(int[] items)
        {
            var answer = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (sent)
            {
                sent.Add((items, answer));
            }

            return answer.Task;
        }

        public void Answer(int batch) => Finish(batch, answer => answer.SetResult([.. sent[batch].Items.Select(item => "r" + item)]));

        public void Fail(int batch, Exception failure) => Finish(batch, answer => answer.SetException(failure));

        private void Finish(int batch, Action<TaskCompletionSource<string[]>> finish)
        {
            TaskCompletionSource<string[]> answer;
            lock (sent)
            {
                answer = sent[batch].Answer;
            }

            finish(answer);
        }

        public async Task WaitForBatches(int count)
        {
            for (var waited = 0; Batches.Count < count; waited++)
            {
                Assert.True(waited < 500, $"{count} batches expected within 5 s, {Batches.Count} sent");
                await Task.Delay(10);
            }
        }
    }

    [Fact]
    public async Task An_item_with_nothing_on_its_way_is_sent_at_once_alone()
    {
        var send = new HeldSend();
        var batcher = new Batcher<int, string>(send.Send, maxBatch: 8);
        var first = batcher.Submit(1);
        Assert.Equal([[1]], send.Batches);
        send.Answer(0);
        Assert.Equal("r1", await first);
    }

    [Fact]
    public async Task Items_that_arrive_while_a_batch_is_on_its_way_go_together_next_each_with_its_own_result()
    {
        var send = new HeldSend();
        var batcher = new Batcher<int, string>(send.Send, maxBatch: 8);
        var first = batcher.Submit(1);
        var waiting = new[] { batcher.Submit(2), batcher.Submit(3), batcher.Submit(4) };
        Assert.Single(send.Batches);
        Assert.DoesNotContain(waiting, item => item.IsCompleted);

        send.Answer(0);
        await send.WaitForBatches(2);
        Assert.Equal([2, 3, 4], send.Batches[1]);
        send.Answer(1);
        Assert.Equal(["r2", "r3", "r4"], await Task.WhenAll(waiting));
        Assert.Equal("r1", await first);
    }

    [Fact]
    public async Task A_batch_holds_at_most_its_maximum_and_the_rest_follows()
    {
        var send = new HeldSend();
        var batcher = new Batcher<int, string>(send.Send, maxBatch: 2);
        var items = Enumerable.Range(1, 5).Select(batcher.Submit).ToArray();
        send.Answer(0);
        await send.WaitForBatches(2);
        send.Answer(1);
        await send.WaitForBatches(3);
        send.Answer(2);
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], await Task.WhenAll(items));
        Assert.Equal([[1], [2, 3], [4, 5]], send.Batches);
    }

    [Fact]
    public async Task A_failed_batch_fails_its_own_items_only_and_the_next_batch_is_still_sent()
    {
        var send = new HeldSend();
        var batcher = new Batcher<int, string>(send.Send, maxBatch: 8);
        var first = batcher.Submit(1);
        var second = new[] { batcher.Submit(2), batcher.Submit(3) };
        var failure = new InvalidOperationException("silo gone");
        send.Fail(0, failure);
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => first));

        await send.WaitForBatches(2);
        send.Answer(1);
        Assert.Equal(["r2", "r3"], await Task.WhenAll(second));

        // Nothing on its way again: the next item is sent at once.
        var later = batcher.Submit(9);
        await send.WaitForBatches(3);
        send.Answer(2);
        Assert.Equal("r9", await later);
    }

    [Fact]
    public async Task A_send_that_answers_the_wrong_number_of_results_fails_its_items()
    {
        var first = new TaskCompletionSource<string[]>();
        var calls = 0;
        var uneven = new Batcher<int, string>(batch => ++calls == 1 ? first.Task : Task.FromResult<string[]>(["one"]), maxBatch: 8);
        var held = uneven.Submit(1);
        var pair = new[] { uneven.Submit(2), uneven.Submit(3) };
        first.SetResult(["r1"]);
        Assert.Equal("r1", await held);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair[1]);
    }
}
