using HomeUniteUs.Grains.Storage;

namespace HomeUniteUs.Tests.Unit.Storage;

/// <summary>
/// A reentrant grain's grouped writes: the calls that change the state while a write runs share the next write, a call
/// answers only after the write that carries it, a failed write fails every call from it on, and recovery work runs
/// alone. Each test runs on an exclusive scheduler, one turn at a time, as a grain's calls do.
/// </summary>
public sealed class GroupCommitTests
{
    private readonly GroupCommit commit = new();
    private readonly List<string> log = [];
    private readonly List<TaskCompletionSource> held = [];

    [Fact]
    public Task Calls_made_while_a_write_runs_share_the_next_write_and_answer_after_it() => OneTurnAtATime(async () =>
    {
        var first = commit.Write(HeldWrite);
        Assert.Equal(["write 1"], log); // nothing was running: the write began at once

        var second = commit.Write(HeldWrite);
        var third = commit.Write(HeldWrite);
        var fourth = commit.Write(HeldWrite);
        Assert.Same(second, third);
        Assert.Same(second, fourth);
        Assert.Equal(["write 1"], log);

        held[0].SetResult();
        await first;
        await Until(() => held.Count == 2);
        Assert.False(second.IsCompleted); // its write has begun, not finished

        var fifth = commit.Write(HeldWrite); // arrives during the second write: a third one
        Assert.NotSame(second, fifth);
        held[1].SetResult();
        await second;
        await Until(() => held.Count == 3);
        held[2].SetResult();
        await fifth;
        Assert.Equal(["write 1", "write 2", "write 3"], log);
    });

    [Fact]
    public Task A_failed_write_fails_its_calls_and_every_one_after_it() => OneTurnAtATime(async () =>
    {
        var first = commit.Write(HeldWrite);
        var second = commit.Write(HeldWrite);
        var failure = new InvalidOperationException("the database went away");

        held[0].SetException(failure);
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => first));
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => second)); // built on the failed one
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => commit.Write(HeldWrite)));
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => commit.Written()));
        Assert.Equal(["write 1"], log); // the second write never ran
    });

    [Fact]
    public Task A_call_that_changed_nothing_waits_for_every_write_queued_before_it() => OneTurnAtATime(async () =>
    {
        Assert.True(commit.Written().IsCompletedSuccessfully);
        var first = commit.Write(HeldWrite);
        var second = commit.Write(HeldWrite);

        var seen = commit.Written();
        held[0].SetResult();
        await first;
        Assert.False(seen.IsCompleted);
        await Until(() => held.Count == 2);
        held[1].SetResult();
        await seen;
        Assert.True(second.IsCompletedSuccessfully);
        Assert.True(commit.Written().IsCompletedSuccessfully);
    });

    [Fact]
    public Task Work_alone_runs_between_writes_is_never_joined_and_its_failure_fails_no_write() => OneTurnAtATime(async () =>
    {
        var first = commit.Write(HeldWrite);
        var before = commit.Write(HeldWrite);
        var alone = commit.Alone(() =>
        {
            log.Add("alone");
            return Task.FromException(new InvalidOperationException("recovery failed"));
        });
        var after = commit.Write(HeldWrite);
        Assert.NotSame(before, after);

        held[0].SetResult();
        await Until(() => held.Count == 2);
        held[1].SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => alone);
        await Until(() => held.Count == 3);
        held[2].SetResult();
        await Task.WhenAll(first, before, after);
        Assert.Equal(["write 1", "write 2", "alone", "write 3"], log);
    });

    private Task HeldWrite()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        held.Add(hold);
        log.Add($"write {held.Count}");
        return hold.Task;
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited++)
        {
            Assert.True(waited < 5000, "timed out");
            await Task.Delay(1);
        }
    }

    /// <summary>Runs <paramref name="body"/> and all its continuations one at a time, as a grain's scheduler does.</summary>
    private static Task OneTurnAtATime(Func<Task> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).Unwrap();
}
