using System.Reflection;
using System.Runtime.CompilerServices;
using HomeUniteUs.Grains.Notes;
using Orleans.Concurrency;

namespace HomeUniteUs.Tests.Unit.Grains;

/// <summary>
/// A stateless worker that awaits (PostgreSQL, Cognito, other grains) must be reentrant: a non-reentrant one runs one
/// call per activation, at most as many activations per silo as it has cores, so its callers queue in the silo while
/// each waits. Reentrant workers hold nothing between awaits; that is their own rule, stated on each.
/// </summary>
public sealed class StatelessWorkerTests
{
    [Fact]
    public void Every_stateless_worker_that_awaits_is_reentrant()
    {
        var workers = typeof(NotesGrain).Assembly.GetTypes()
            .Where(type => type.IsDefined(typeof(StatelessWorkerAttribute), inherit: false))
            .ToList();
        var awaiting = workers
            .Where(type => type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Any(method => method.IsDefined(typeof(AsyncStateMachineAttribute), inherit: false)))
            .ToList();

        // The known awaiting workers are found (a rule that finds none checks nothing).
        Assert.Contains(awaiting, type => type.Name == "ActivityLogGrain");
        Assert.Contains(awaiting, type => type.Name == "GoogleSignInGrain");
        Assert.Empty(awaiting.Where(type => !type.IsDefined(typeof(ReentrantAttribute), inherit: false)).Select(type => type.Name));
    }
}
