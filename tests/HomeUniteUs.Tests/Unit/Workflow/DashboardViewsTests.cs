using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Workflow;

namespace HomeUniteUs.Tests.Unit.Workflow;

/// <summary>Which views a caller's dashboard reads, and how the views' stats add up.</summary>
public sealed class DashboardViewsTests
{
    private static readonly MemberScope Admin = new(1, UserRoles.Admin, null, false);

    [Fact]
    public void A_coordinator_of_an_org_reads_their_org_and_the_pool_and_an_unaffiliated_one_the_pool()
    {
        Assert.Equal([7, DashboardViews.Pool], DashboardViews.PartsOf(ReachView.Of(new MemberScope(2, UserRoles.Coordinator, 7, true), false, null))!);
        Assert.Equal([DashboardViews.Pool], DashboardViews.PartsOf(ReachView.Of(new MemberScope(2, UserRoles.Coordinator, null, false), false, null))!);
        Assert.Equal([7], DashboardViews.PartsOf(ReachView.Of(Admin, true, 7))!);
        Assert.Equal([DashboardViews.Pool], DashboardViews.PartsOf(ReachView.Of(Admin, true, null))!);
        Assert.Null(DashboardViews.PartsOf(ReachView.Everyone));
    }

    [Fact]
    public void A_change_of_one_view_concerns_only_the_views_that_read_it()
    {
        var coordinatorOf7 = ReachView.Of(new MemberScope(2, UserRoles.Coordinator, 7, false), false, null);
        Assert.True(DashboardViews.Covers(coordinatorOf7, 7));
        Assert.True(DashboardViews.Covers(coordinatorOf7, DashboardViews.Pool));
        Assert.False(DashboardViews.Covers(coordinatorOf7, 8));
        Assert.False(DashboardViews.Covers(ReachView.Of(Admin, true, 8), 7));
        Assert.True(DashboardViews.Covers(ReachView.Everyone, 8));
    }

    [Fact]
    public void Combined_stats_add_the_counts_and_take_the_median_over_every_view()
    {
        var first = new ProgramStatsPart(Stats(3, 1, [new CoordinatorCaseCount(9, "Nine", 2)], 2), [1, 3]);
        var second = new ProgramStatsPart(Stats(2, 4, [new CoordinatorCaseCount(5, "Five", 1)], 10), [10]);

        var both = ProgramStatsBook.Combine(null, [first, second]);

        Assert.Equal((5, 5, 2), (both.Stats.Guests, both.Stats.Hosts, both.Stats.Coordinators));
        Assert.Equal(3, both.Stats.MedianDaysToMatch);
        Assert.Equal([5L, 9L], both.Stats.CasesPerCoordinator.Select(c => c.CoordinatorId));
        Assert.Equal(new[] { 1.0, 3, 10 }, both.DaysToMatch);
        Assert.Null(ProgramStatsBook.Combine(4, []).Stats.MedianDaysToMatch);
    }

    private static ProgramStats Stats(int guests, int hosts, IReadOnlyList<CoordinatorCaseCount> cases, double median) => new(
        null, guests, hosts, cases.Count, 0, new JourneyStepCounts(guests, 0, 0, 0, 0, 0, 0), 0, new MatchStatusCounts(0, 0, 0, 0, 0, 0), median, cases);
}
