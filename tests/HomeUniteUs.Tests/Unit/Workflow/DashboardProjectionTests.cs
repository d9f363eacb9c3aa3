using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Workflow;

namespace HomeUniteUs.Tests.Unit.Workflow;

/// <summary>The merge rules of the dashboard's in-memory model, without a cluster.</summary>
public sealed class DashboardProjectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static UserView User(long id, string role, string first = "First", string? last = "Last", int minute = 0) =>
        new(id, $"u{id}@example.com", first, null, last, role, T0, T0.AddMinutes(minute));

    private static GuestCase Case(long guestId, long coordinatorId, string status = GuestCaseStatus.InProgress, string notes = "", int minute = 0) =>
        new(guestId, coordinatorId, status, notes, T0, T0.AddMinutes(minute));

    [Fact]
    public void Items_follow_the_api_shape_guests_then_hosts_then_coordinators_and_no_admins()
    {
        var projection = new DashboardProjection();
        projection.ApplyUser(1, User(1, UserRoles.Admin), 2);
        projection.ApplyUser(4, User(4, UserRoles.Coordinator, "Cora", "Ordinator"), 2);
        projection.ApplyUser(3, User(3, UserRoles.Host, "Hal", null), 2);
        projection.ApplyUser(9, User(9, UserRoles.Guest, "Gail", "Guest", minute: 1), 2);
        projection.ApplyUser(7, User(7, UserRoles.Guest, "Gus", "Guest"), 2);
        projection.ApplyCase(7, Case(7, 4, GuestCaseStatus.Matched, "called twice", minute: 5), 1);

        var items = projection.Items();

        Assert.Equal([7L, 9L, 3L, 4L], items.Select(i => i.Id));
        Assert.Equal(new DashboardItem(7, "7", "Gus Guest", "Matched", "GUEST", "Cora Ordinator", "2026-11-27T10:05:00Z", "called twice", "application"), items[0]);
        Assert.Equal(new DashboardItem(9, "9", "Gail Guest", "N/A", "GUEST", "Unassigned", "2026-11-27T10:01:00Z", "", "application"), items[1]);
        Assert.Equal(new DashboardItem(3, "3", "Hal", "N/A", "HOST", "N/A", "2026-11-27T10:00:00Z", ""), items[2]);
        Assert.Equal(new DashboardItem(4, "4", "Cora Ordinator", "N/A", "COORDINATOR", "N/A", "2026-11-27T10:00:00Z", ""), items[3]);
    }

    [Fact]
    public void A_case_without_a_known_coordinator_is_unassigned()
    {
        var projection = new DashboardProjection();
        projection.ApplyUser(7, User(7, UserRoles.Guest), 2);
        projection.ApplyCase(7, Case(7, 0), 1);
        Assert.Equal("Unassigned", projection.Items().Single().CoordinatorName);
        Assert.Equal("In Progress", projection.Items().Single().CaseStatus);
    }

    [Fact]
    public void Repeated_and_older_notifications_change_nothing()
    {
        var projection = new DashboardProjection();
        projection.ApplyUser(7, User(7, UserRoles.Guest), 2);
        Assert.True(projection.ApplyCase(7, Case(7, 0, notes: "v3"), 3));
        var content = projection.ContentVersion;

        Assert.False(projection.ApplyCase(7, Case(7, 0, notes: "v3"), 3));
        Assert.False(projection.ApplyCase(7, Case(7, 0, notes: "v2"), 2));
        Assert.False(projection.ApplyCase(7, null, 1));

        Assert.Equal(content, projection.ContentVersion);
        Assert.Equal("v3", projection.Items().Single().Notes);
    }

    [Fact]
    public void A_deletion_is_final_against_late_notifications_of_the_old_state()
    {
        var projection = new DashboardProjection();
        projection.ApplyUser(7, User(7, UserRoles.Guest), 3);
        projection.ApplyUser(7, null, 4);
        projection.ApplyUser(7, User(7, UserRoles.Guest), 2);
        Assert.Empty(projection.Items());
    }

    [Fact]
    public void A_newer_version_that_shows_the_same_content_does_not_change_the_content()
    {
        var projection = new DashboardProjection();
        projection.ApplyUser(7, User(7, UserRoles.Guest), 2);
        var content = projection.ContentVersion;
        Assert.True(projection.ApplyUser(7, User(7, UserRoles.Guest), 3));
        Assert.Equal(content, projection.ContentVersion);
    }

    [Fact]
    public void Reconciliation_adds_what_was_missed_and_forgets_what_storage_no_longer_has()
    {
        var projection = new DashboardProjection();
        projection.ApplyUser(7, User(7, UserRoles.Guest), 2);
        projection.ApplyUser(8, User(8, UserRoles.Host), 2);
        projection.ApplyCase(7, Case(7, 0, notes: "old"), 1);

        projection.Reconcile(
            [new Versioned<UserView>(7, 2, User(7, UserRoles.Guest)), new Versioned<UserView>(9, 2, User(9, UserRoles.Coordinator))],
            [new Versioned<GuestCase>(7, 2, Case(7, 9, notes: "new"))],
            projection.Stamp);

        var items = projection.Items();
        Assert.Equal([7L, 9L], items.Select(i => i.Id));
        Assert.Equal("new", items[0].Notes);
        Assert.Equal("First Last", items[0].CoordinatorName);
    }

    [Fact]
    public void Reconciliation_keeps_what_was_notified_after_its_read_began()
    {
        var projection = new DashboardProjection();
        var readStartedAt = projection.Stamp;
        // Created while the read was under way: storage as read does not have it yet.
        projection.ApplyUser(7, User(7, UserRoles.Guest), 2);
        projection.ApplyCase(7, Case(7, 0, notes: "newer"), 5);

        projection.Reconcile([], [new Versioned<GuestCase>(7, 4, Case(7, 0, notes: "older"))], readStartedAt);

        Assert.Equal("newer", Assert.Single(projection.Items()).Notes);
    }

    [Fact]
    public void Pending_users_are_not_shown()
    {
        var projection = new DashboardProjection();
        projection.Reconcile([new Versioned<UserView>(7, 1, null)], [new Versioned<GuestCase>(7, 1, Case(7, 0))], projection.Stamp);
        Assert.Empty(projection.Items());
        projection.ApplyUser(7, User(7, UserRoles.Guest), 2);
        Assert.Single(projection.Items());
    }
}
