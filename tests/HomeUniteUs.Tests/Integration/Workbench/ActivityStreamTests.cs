using System.Globalization;
using System.Net;
using HomeUniteUs.Tests.Cluster;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Tenancy;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Workbench;

/// <summary>
/// GET /api/coordinator/activity/stream over two gateway processes in front of one silo: live delivery, resume with
/// Last-Event-ID without gaps or repeats, reach per event, keep-alive comments (shortened to one second here).
/// Waits are bounded; a marker note the reader does reach shows when a forbidden event would have arrived.
/// </summary>
public sealed class ActivityStreamTests(ActivityStreamTests.StreamStack stack) : IClassFixture<ActivityStreamTests.StreamStack>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_note_added_after_connecting_arrives_live_as_its_Event()
    {
        var orgs = await TwoOrgs.Create(stack);
        await using var stream = await EventStreamReader.Open(stack.Http, orgs.CoordinatorOfX);
        var note = await Notes.Add(stack.Http, orgs.LeadOfX, orgs.GuestOfX.UserId, "Live");
        var noteId = note.GetProperty("id").GetInt64();

        var frame = (await stream.EventsUntil(f => EventStreamReader.IsNote(f, noteId), Patience))[^1];
        var data = frame.Json;
        Assert.Equal(frame.Id, data.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(
            ["id", "type", "at", "userId", "userName", "actorId", "housingOrgId", "details"],
            data.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("note_added", data.GetProperty("type").GetString());
        Assert.Equal(orgs.GuestOfX.UserId, data.GetProperty("userId").GetInt64());
        Assert.Equal("Test Person", data.GetProperty("userName").GetString());
        Assert.Equal(orgs.LeadOfX.UserId, data.GetProperty("actorId").GetInt64());
        Assert.Equal(orgs.X, data.GetProperty("housingOrgId").GetInt64());
        Assert.Equal(note.GetProperty("createdAt").GetString(), data.GetProperty("at").GetString());
    }

    [Fact]
    public async Task Another_orgs_stream_and_the_pools_never_carry_the_event()
    {
        var orgs = await TwoOrgs.Create(stack);
        await using var ofY = await EventStreamReader.Open(stack.Http, orgs.CoordinatorOfY);
        await using var ofPool = await EventStreamReader.Open(stack.Http, orgs.PoolCoordinator);
        await using var admin = await EventStreamReader.Open(stack.Http, orgs.Admin);
        var hidden = (await Notes.Add(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, "Only for X")).GetProperty("id").GetInt64();
        var markerOfY = (await Notes.Add(stack.Http, orgs.LeadOfY, orgs.GuestOfY.UserId, "For Y")).GetProperty("id").GetInt64();
        var markerOfPool = (await Notes.Add(stack.Http, orgs.PoolCoordinator, orgs.PoolGuest.UserId, "For the pool")).GetProperty("id").GetInt64();

        var seenByY = await ofY.EventsUntil(f => EventStreamReader.IsNote(f, markerOfY), Patience);
        Assert.DoesNotContain(seenByY, f => EventStreamReader.IsNote(f, hidden));
        Assert.DoesNotContain(seenByY, f => f.Json.GetProperty("userId").GetInt64() == orgs.GuestOfX.UserId);
        var seenByPool = await ofPool.EventsUntil(f => EventStreamReader.IsNote(f, markerOfPool), Patience);
        Assert.DoesNotContain(seenByPool, f => EventStreamReader.IsNote(f, hidden) || EventStreamReader.IsNote(f, markerOfY));

        // An admin's stream carries all three, in id order.
        var seenByAdmin = await admin.EventsUntil(f => EventStreamReader.IsNote(f, markerOfPool), Patience);
        Assert.Contains(seenByAdmin, f => EventStreamReader.IsNote(f, hidden));
        Assert.Contains(seenByAdmin, f => EventStreamReader.IsNote(f, markerOfY));
    }

    [Fact]
    public async Task A_reconnect_with_Last_Event_ID_gets_every_missed_event_once_then_live_ones()
    {
        var orgs = await TwoOrgs.Create(stack);
        long seen;
        await using (var first = await EventStreamReader.Open(stack.Http, orgs.CoordinatorOfX))
        {
            var before = (await Notes.Add(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, "Before")).GetProperty("id").GetInt64();
            seen = long.Parse((await first.EventsUntil(f => EventStreamReader.IsNote(f, before), Patience))[^1].Id!, CultureInfo.InvariantCulture);
        }

        var missed = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add((await Notes.Add(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, $"Missed {i}")).GetProperty("id").GetInt64());
        }

        await Notes.Add(stack.Http, orgs.CoordinatorOfY, orgs.GuestOfY.UserId, "Not for X");
        await using var again = await EventStreamReader.Open(stack.Http, orgs.CoordinatorOfX, seen);
        var live = (await Notes.Add(stack.Http, orgs.LeadOfX, orgs.HostOfX.UserId, "Live again")).GetProperty("id").GetInt64();

        var frames = await again.EventsUntil(f => EventStreamReader.IsNote(f, live), Patience);
        var ids = frames.Select(f => long.Parse(f.Id!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(ids.All(id => id > seen), "an event at or before Last-Event-ID came again");
        Assert.Equal(ids.Order().Distinct(), ids);
        var notes = frames.Where(f => f.Event == "note_added").Select(f => f.Json.GetProperty("details").GetProperty("noteId").GetInt64()).ToList();
        Assert.Equal([missed[0], missed[1], missed[2], live], notes);
    }

    [Fact]
    public async Task A_quiet_stream_gets_comment_lines()
    {
        var orgs = await TwoOrgs.Create(stack);
        await using var stream = await EventStreamReader.Open(stack.Http, orgs.PoolCoordinator);
        var comments = 0;
        for (var i = 0; i < 10 && comments < 2; i++)
        {
            if (await stream.Next(TimeSpan.FromSeconds(10)) is { Comment: not null, Data: null })
            {
                comments++;
            }
        }

        Assert.Equal(2, comments);
    }

    [Fact]
    public async Task An_event_made_through_one_gateway_reaches_streams_on_the_other()
    {
        var orgs = await TwoOrgs.Create(stack);
        await using var onOther = await EventStreamReader.Open(stack.Other, orgs.CoordinatorOfX);
        await using var onFirst = await EventStreamReader.Open(stack.Http, orgs.LeadOfX);
        var viaFirst = (await Notes.Add(stack.Http, orgs.LeadOfX, orgs.GuestOfX.UserId, "Through A")).GetProperty("id").GetInt64();
        var viaOther = (await Notes.Add(stack.Other, orgs.CoordinatorOfX, orgs.HostOfX.UserId, "Through B")).GetProperty("id").GetInt64();

        var onB = await onOther.EventsUntil(f => EventStreamReader.IsNote(f, viaOther), Patience);
        Assert.Contains(onB, f => EventStreamReader.IsNote(f, viaFirst));
        var onA = await onFirst.EventsUntil(f => EventStreamReader.IsNote(f, viaOther), Patience);
        Assert.Contains(onA, f => EventStreamReader.IsNote(f, viaFirst));
    }

    [Fact]
    public async Task Guests_and_hosts_get_403_and_a_bad_Last_Event_ID_is_422()
    {
        var orgs = await TwoOrgs.Create(stack);
        foreach (var caller in new[] { orgs.GuestOfX, orgs.HostOfX })
        {
            using var refused = await EventStreamReader.Send(stack.Http, caller.AccessToken);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var anonymous = await EventStreamReader.Send(stack.Http, null))
        {
            await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        using var bad = await EventStreamReader.Send(stack.Http, orgs.CoordinatorOfX.AccessToken, rawLastEventId: "abc");
        await Invalid(bad, "Last-Event-ID");
    }

    /// <summary>Two gateways (<see cref="TwoGatewaysTests.TwoGatewayStack"/>, the second as <c>Other</c>) with one-second keep-alives.</summary>
    public sealed class StreamStack : TwoGatewaysTests.TwoGatewayStack
    {
        protected override void Configure(Dictionary<string, string> environment) =>
            environment["HUU_STREAM_KEEPALIVE_SECONDS"] = "1";
    }
}
