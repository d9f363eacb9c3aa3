using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Journeys;
using HomeUniteUs.Grains.Workflow;

namespace HomeUniteUs.Tests.Unit.Workflow;

/// <summary>API.md's Stats as the dashboard projection counts them, on a hand-built program of two orgs and the pool.</summary>
public sealed class ProgramStatsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new double[] { }, null)]
    [InlineData(new[] { 4.0 }, 4.0)]
    [InlineData(new[] { 9.0, 1.0, 5.0 }, 5.0)]
    [InlineData(new[] { 20.0, 5.0, 10.0, 15.0 }, 12.5)]
    public void Median_is_the_middle_value_or_the_mean_of_the_middle_two(double[] values, double? expected) =>
        Assert.Equal(expected, DashboardProjection.Median(values));

    [Fact]
    public void Every_figure_of_an_org_the_pool_and_everyone()
    {
        var p = new DashboardProjection();
        // Org 3: lead coordinator 10 (cases of guests 20, 21, 22), coordinator 11 (no case); guests 20–23; hosts 30–32.
        // Pool: coordinator 12 (case of guest 40), guest 40, guest 41 whose case names a deleted coordinator, host 50. Admin 1.
        User(p, 1, UserRoles.Admin, null);
        User(p, 10, UserRoles.Coordinator, 3, "Lea", "Lead");
        User(p, 11, UserRoles.Coordinator, 3, "Cy", "Coord");
        User(p, 12, UserRoles.Coordinator, null, "Pia", "Pool");
        foreach (var guest in new long[] { 20, 21, 22, 23 })
        {
            User(p, guest, UserRoles.Guest, 3);
        }

        User(p, 40, UserRoles.Guest, null);
        User(p, 41, UserRoles.Guest, null);
        foreach (var host in new long[] { 30, 31, 32 })
        {
            User(p, host, UserRoles.Host, 3);
        }

        User(p, 50, UserRoles.Host, null);
        p.ApplyCase(20, Case(20, 10), 1);
        p.ApplyCase(21, Case(21, 10), 1);
        p.ApplyCase(22, Case(22, 10, GuestCaseStatus.Closed), 1);
        p.ApplyCase(40, Case(40, 12), 1);
        p.ApplyCase(41, Case(41, 99), 1);

        // 20: approved on day 0, trained, match 1 finalized on day 10. 21: approved day 2, trained, match 2 finalized
        // day 17 then ended. 22: approved day 1, interview only. 23: nothing. Hosts 30 and 31 trained; 30 is in match 1.
        // Guest 40 (pool): approved on day 0, trained, match 3 with host 50 proposed; an older declined match 4 too.
        Approve(p, 20, 0);
        Approve(p, 21, 2);
        Approve(p, 22, 1);
        Approve(p, 40, 0);
        p.ApplyJourney(20, new CoordinatorSteps(true, true), 1);
        p.ApplyJourney(21, new CoordinatorSteps(true, true), 1);
        p.ApplyJourney(22, new CoordinatorSteps(true, false), 1);
        p.ApplyJourney(40, new CoordinatorSteps(true, true), 1);
        p.ApplyJourney(30, new CoordinatorSteps(true, true), 1);
        p.ApplyJourney(31, new CoordinatorSteps(true, true), 1);
        p.ApplyJourney(32, new CoordinatorSteps(true, false), 1);
        p.ApplyJourney(50, new CoordinatorSteps(true, true), 1);
        p.ApplyMatch(1, new MatchRef(20, 30, MatchStatus.Finalized, T0.AddDays(10)), 1);
        p.ApplyMatch(2, new MatchRef(21, 31, MatchStatus.Ended, T0.AddDays(17)), 1);
        p.ApplyMatch(3, new MatchRef(40, 50, MatchStatus.Proposed), 1);
        p.ApplyMatch(4, new MatchRef(40, 50, MatchStatus.Declined), 1);
        p.ApplyMatch(5, null, 1);

        var book = p.Stats();

        var org = book.Of(3);
        Assert.Equal((3L, 4, 3, 2, 1), ((long)org.HousingOrgId!, org.Guests, org.Hosts, org.Coordinators, org.UnassignedGuests));
        Assert.Equal(new JourneyStepCounts(1, 0, 1, 1, 0, 0, 1), org.JourneySteps);
        Assert.Equal(1, org.HostsAvailable);
        Assert.Equal(new MatchStatusCounts(0, 0, 0, 1, 0, 1), org.Matches);
        Assert.Equal(12.5, org.MedianDaysToMatch);
        Assert.Equal([new CoordinatorCaseCount(10, "Lea Lead", 3), new CoordinatorCaseCount(11, "Cy Coord", 0)], org.CasesPerCoordinator);

        var pool = book.Of(null);
        Assert.Equal(((long?)null, 2, 1, 1, 1), (pool.HousingOrgId, pool.Guests, pool.Hosts, pool.Coordinators, pool.UnassignedGuests));
        Assert.Equal(new JourneyStepCounts(1, 0, 0, 1, 0, 0, 0), pool.JourneySteps);
        Assert.Equal(0, pool.HostsAvailable);
        Assert.Equal(new MatchStatusCounts(1, 0, 0, 0, 1, 0), pool.Matches);
        Assert.Null(pool.MedianDaysToMatch);
        Assert.Equal([new CoordinatorCaseCount(12, "Pia Pool", 1)], pool.CasesPerCoordinator);

        var all = book.Everyone;
        Assert.Equal(((long?)null, 6, 4, 3, 2, 1), (all.HousingOrgId, all.Guests, all.Hosts, all.Coordinators, all.UnassignedGuests, all.HostsAvailable));
        Assert.Equal(new JourneyStepCounts(2, 0, 1, 2, 0, 0, 1), all.JourneySteps);
        Assert.Equal(new MatchStatusCounts(1, 0, 0, 1, 1, 1), all.Matches);
        Assert.Equal(12.5, all.MedianDaysToMatch);
        Assert.Equal([10L, 11L, 12L], all.CasesPerCoordinator.Select(c => c.CoordinatorId));

        var empty = book.Of(8);
        Assert.Equal((8L, 0, 0), ((long)empty.HousingOrgId!, empty.Guests, empty.CasesPerCoordinator.Count));
        Assert.Null(empty.MedianDaysToMatch);
    }

    [Fact]
    public void A_membership_move_moves_the_person_and_their_caseload_between_programs()
    {
        var p = new DashboardProjection();
        User(p, 10, UserRoles.Coordinator, null);
        User(p, 20, UserRoles.Guest, null);
        p.ApplyCase(20, Case(20, 10), 1);
        Assert.Equal((1, 1, 0), (p.Stats().Of(null).Guests, p.Stats().Of(null).Coordinators, p.Stats().Of(3).Guests));

        p.ApplyUser(20, new UserView(20, "u20@example.com", "G", null, "G", UserRoles.Guest, T0, T0, 3), 3);
        p.ApplyUser(10, new UserView(10, "u10@example.com", "C", null, "C", UserRoles.Coordinator, T0, T0, 3), 3);

        var book = p.Stats();
        Assert.Equal((0, 0), (book.Of(null).Guests, book.Of(null).Coordinators));
        Assert.Equal((1, 1, 0), (book.Of(3).Guests, book.Of(3).Coordinators, book.Of(3).UnassignedGuests));
        Assert.Equal([new CoordinatorCaseCount(10, "C C", 1)], book.Of(3).CasesPerCoordinator);
        Assert.Equal(p.ContentVersion, book.ContentVersion);
    }

    [Fact]
    public void Days_to_match_run_from_the_approval_to_the_finalization_and_a_guest_not_approved_gives_no_sample()
    {
        var p = new DashboardProjection();
        User(p, 20, UserRoles.Guest, null);
        User(p, 21, UserRoles.Guest, null);
        Approve(p, 20, 0);
        p.ApplyIntake(21, new IntakeRef(IntakeStatus.Submitted, T0), 2);
        p.ApplyMatch(1, new MatchRef(20, 30, MatchStatus.Finalized, T0.AddDays(3).AddHours(12)), 1);
        p.ApplyMatch(2, new MatchRef(21, 31, MatchStatus.Finalized, T0.AddDays(9)), 1);
        Assert.Equal(3.5, p.Stats().Of(null).MedianDaysToMatch);
    }

    private static void User(DashboardProjection p, long id, string role, long? org, string first = "First", string last = "Last") =>
        p.ApplyUser(id, new UserView(id, $"u{id}@example.com", first, null, last, role, T0, T0, org), 2);

    private static GuestCase Case(long guestId, long coordinatorId, string status = GuestCaseStatus.InProgress) =>
        new(guestId, coordinatorId, status, string.Empty, T0, T0);

    private static void Approve(DashboardProjection p, long userId, int day) =>
        p.ApplyIntake(userId, new IntakeRef(IntakeStatus.Approved, T0.AddDays(day)), 3);
}
