using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HomeUniteUs.Tests.TestCluster.Workflow;

/// <summary>
/// Lost notifications: a case row written through the storage provider, so the dashboard hears
/// nothing. The grain timers run on a fake clock that only the test moves, and the periodic
/// reconciliation's interval is an hour, so what repairs the dashboard is the reconciliation under test.
/// </summary>
public sealed class DashboardRepairTests(DashboardRepairTests.NoPeriodicReconcileCluster cluster) : IClassFixture<DashboardRepairTests.NoPeriodicReconcileCluster>
{
    private readonly WorkflowGrains grains = new(cluster);

    [Fact]
    public async Task A_lost_change_is_repaired_by_reconciliation()
    {
        var guest = await grains.User(UserRoles.Guest);
        var coordinator = await grains.User(UserRoles.Coordinator, "Lost", "Found");
        await grains.Dashboard.Reconcile();

        await grains.WriteCaseBehindTheGrainsBack(guest.Id, state =>
        {
            state.GuestId = guest.Id;
            state.CoordinatorId = coordinator.Id;
            state.Status = GuestCaseStatus.Matched;
            state.Notes = "never notified";
            state.Exists = true;
            state.Version = 1;
        });
        Assert.Equal("N/A", (await grains.Items())[guest.Id].CaseStatus);

        await grains.Dashboard.Reconcile();
        var item = (await grains.Items())[guest.Id];
        Assert.Equal(("Matched", "Lost Found", "never notified"), (item.CaseStatus, item.CoordinatorName, item.Notes));

        await grains.WriteCaseBehindTheGrainsBack(guest.Id, state =>
        {
            state.Exists = false;
            state.Notes = string.Empty;
            state.Version = 2;
        });
        await grains.Dashboard.Reconcile();
        Assert.Equal(("N/A", "Unassigned"), ((await grains.Items())[guest.Id].CaseStatus, (await grains.Items())[guest.Id].CoordinatorName));
    }

    [Fact]
    public async Task A_version_gap_makes_the_dashboard_reconcile_on_its_own()
    {
        var guest = await grains.User(UserRoles.Guest);
        var other = await grains.User(UserRoles.Guest);
        await grains.Dashboard.Reconcile();
        var opened = await grains.Case(guest.Id).Open(0);

        // Another guest's case is written unnoticed; then a notification skips a version.
        await grains.WriteCaseBehindTheGrainsBack(other.Id, state =>
        {
            state.GuestId = other.Id;
            state.Exists = true;
            state.Notes = "repaired after the gap";
            state.Version = 1;
        });
        await grains.Dashboard.CaseChanged(opened with { Notes = "v3" }, guest.Id, 3);
        Assert.Equal("v3", (await grains.Items())[guest.Id].Notes);

        // Nothing but the gap's timer can repair it: the clock stands still until the test moves it.
        Assert.NotEqual("repaired after the gap", (await grains.Items())[other.Id].Notes);
        cluster.Clock.Advance(cluster.GapReconcileDelay);
        await Reconciled.Within(TimeSpan.FromSeconds(30), async () => (await grains.Items())[other.Id].Notes == "repaired after the gap",
            "the gap did not lead to a reconciliation");

        Assert.Equal("v3", (await grains.Items())[guest.Id].Notes);
    }

    public sealed class NoPeriodicReconcileCluster : GrainCluster
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public TimeSpan GapReconcileDelay { get; } = TimeSpan.FromSeconds(5);

        protected override void Configure(ISiloBuilder silo)
        {
            RunGrainTimersOn(silo, Clock);
            silo.Services.Configure<DashboardOptions>(options =>
            {
                options.ReconcileInterval = TimeSpan.FromHours(1);
                options.GapReconcileDelay = GapReconcileDelay;
            });
        }
    }
}

/// <summary>The periodic reconciliation repairs a lost change with nobody asking, once its interval has passed on the grains' clock.</summary>
public sealed class DashboardPeriodicReconcileTests(DashboardPeriodicReconcileTests.PeriodicReconcileCluster cluster) : IClassFixture<DashboardPeriodicReconcileTests.PeriodicReconcileCluster>
{
    private readonly WorkflowGrains grains = new(cluster);

    [Fact]
    public async Task A_lost_change_is_repaired_by_the_periodic_reconciliation()
    {
        var guest = await grains.User(UserRoles.Guest);
        await grains.Dashboard.Reconcile();
        await grains.WriteCaseBehindTheGrainsBack(guest.Id, state =>
        {
            state.GuestId = guest.Id;
            state.Exists = true;
            state.Notes = "found by the timer";
            state.Version = 1;
        });

        // The clock stands still until the test moves it: no reconciliation has run yet.
        Assert.NotEqual("found by the timer", (await grains.Items())[guest.Id].Notes);
        cluster.Clock.Advance(cluster.ReconcileInterval);
        await Reconciled.Within(TimeSpan.FromSeconds(30),
            async () => (await grains.Items()).TryGetValue(guest.Id, out var item) && item.Notes == "found by the timer",
            "no periodic reconciliation repaired the dashboard");
    }

    public sealed class PeriodicReconcileCluster : GrainCluster
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public TimeSpan ReconcileInterval { get; } = TimeSpan.FromMinutes(1);

        protected override void Configure(ISiloBuilder silo)
        {
            RunGrainTimersOn(silo, Clock);
            silo.Services.Configure<DashboardOptions>(options => options.ReconcileInterval = ReconcileInterval);
        }
    }
}

/// <summary>
/// Waits for a reconciliation the fake clock has started: it reads PostgreSQL, a real other process,
/// so this is a bounded poll of the dashboard, not a wait for time to pass.
/// </summary>
internal static class Reconciled
{
    public static async Task Within(TimeSpan bound, Func<Task<bool>> done, string failure)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < bound, failure);
            await Task.Delay(20);
        }
    }
}
