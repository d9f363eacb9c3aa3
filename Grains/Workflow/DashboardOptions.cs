namespace HomeUniteUs.Grains.Workflow;

/// <summary>How often the dashboard projection re-reads storage to repair lost notifications.</summary>
public sealed class DashboardOptions
{
    /// <summary>The periodic reconciliation.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after a version gap (a notification that skipped versions) the extra reconciliation runs; gaps in that window share it.</summary>
    public TimeSpan GapReconcileDelay { get; set; } = TimeSpan.FromSeconds(5);
}
