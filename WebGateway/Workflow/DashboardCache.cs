using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.WebGateway.Hosting;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>
/// The gateway's copy of the dashboard, validated against the dashboard grain before it is
/// served, so a poll never sees a dashboard older than the poll. Validation is one small grain
/// call that answers "unchanged" or brings the new document; concurrent polls share calls: a poll
/// arriving while a call is under way waits for the next one (which starts after the poll
/// arrived, so it sees every change acknowledged before the poll), and all polls waiting for
/// that next call share it. Under load that is one grain call per batch of polls, and the
/// document crosses from the silo only when it changed.
/// </summary>
public sealed class DashboardCache(ClusterClientHost cluster)
{
    private readonly Lock gate = new();
    private DashboardSnapshot? latest;
    private TaskCompletionSource<DashboardSnapshot>? running;
    private TaskCompletionSource<DashboardSnapshot>? waiting;

    /// <summary>The current dashboard (document and ETag) as of a grain call made after this call began.</summary>
    public Task<DashboardSnapshot> Current()
    {
        TaskCompletionSource<DashboardSnapshot> round;
        lock (gate)
        {
            if (running is not null)
            {
                waiting ??= new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
                return waiting.Task;
            }

            round = running = new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = Validate(round);
        return round.Task;
    }

    private async Task Validate(TaskCompletionSource<DashboardSnapshot>? round)
    {
        while (round is not null)
        {
            try
            {
                round.SetResult(await Fetch());
            }
            catch (Exception e)
            {
                round.SetException(e);
            }

            lock (gate)
            {
                round = waiting;
                waiting = null;
                running = round;
            }
        }
    }

    private async Task<DashboardSnapshot> Fetch()
    {
        var dashboard = cluster.Grains.GetGrain<ICoordinatorDashboardGrain>(0);
        var known = latest;
        var answer = await dashboard.Snapshot(known?.ETag);
        if (answer.Document is null && known is not null && answer.ETag == known.ETag)
        {
            return known;
        }

        // The answer is the new document, or (should the ETag have moved meanwhile) ask for it in full.
        latest = answer.Document is not null ? answer : await dashboard.Snapshot(null);
        return latest;
    }
}
