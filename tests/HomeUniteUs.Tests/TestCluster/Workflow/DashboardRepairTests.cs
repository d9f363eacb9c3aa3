using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Tests.TestCluster.Workflow;

/// <summary>
/// Lost notifications: a case row written through the storage provider, so the dashboard hears
/// nothing. No periodic reconciliation runs here (its interval is an hour), so what repairs the
/// dashboard is the reconciliation under test.
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

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await grains.Items())[other.Id].Notes != "repaired after the gap")
        {
            Assert.True(DateTime.UtcNow < deadline, "the gap did not lead to a reconciliation");
            await Task.Delay(100);
        }

        Assert.Equal("v3", (await grains.Items())[guest.Id].Notes);
    }

    public sealed class NoPeriodicReconcileCluster : GrainCluster
    {
        protected override void Configure(ISiloBuilder silo) => silo.Services.Configure<DashboardOptions>(options =>
        {
            options.ReconcileInterval = TimeSpan.FromHours(1);
            options.GapReconcileDelay = TimeSpan.FromMilliseconds(200);
        });
    }
}

/// <summary>The periodic reconciliation repairs a lost change with nobody asking.</summary>
public sealed class DashboardPeriodicReconcileTests(DashboardPeriodicReconcileTests.FastReconcileCluster cluster) : IClassFixture<DashboardPeriodicReconcileTests.FastReconcileCluster>
{
    private readonly WorkflowGrains grains = new(cluster);

    [Fact]
    public async Task A_lost_change_is_repaired_by_the_periodic_reconciliation()
    {
        var guest = await grains.User(UserRoles.Guest);
        await grains.WriteCaseBehindTheGrainsBack(guest.Id, state =>
        {
            state.GuestId = guest.Id;
            state.Exists = true;
            state.Notes = "found by the timer";
            state.Version = 1;
        });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await grains.Items()).TryGetValue(guest.Id, out var item) || item.Notes != "found by the timer")
        {
            Assert.True(DateTime.UtcNow < deadline, "no periodic reconciliation repaired the dashboard");
            await Task.Delay(250);
        }
    }

    public sealed class FastReconcileCluster : GrainCluster
    {
        protected override void Configure(ISiloBuilder silo) =>
            silo.Services.Configure<DashboardOptions>(options => options.ReconcileInterval = TimeSpan.FromSeconds(2));
    }
}
