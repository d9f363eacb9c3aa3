using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.Grains.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.ActivityList;

/// <summary>
/// The activity list applies reach in SQL (<see cref="ActivityStore.ReachSql"/>): these tests hold it to the one rule,
/// <see cref="Reach.Includes"/>, for every reader and person of a small program of two orgs and the pool.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class ActivityReachTests(GrainCluster cluster) : IAsyncLifetime
{
    private static readonly string[] Roles = [UserRoles.Guest, UserRoles.Host, UserRoles.Coordinator, UserRoles.Admin];

    private NpgsqlDataSource dataSource = null!;
    private ActivityStore store = null!;
    private PeopleTable people = null!;

    public Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        var pools = new DatabasePools(dataSource, TimeProvider.System, NullLogger<DatabasePools>.Instance);
        store = new ActivityStore(dataSource, pools, cluster.Grains, TimeProvider.System, NullLogger<ActivityStore>.Instance);
        people = new PeopleTable(dataSource, pools);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task Every_reader_reads_exactly_the_events_of_the_people_Reach_Includes()
    {
        var (orgA, orgB) = (Random.Shared.NextInt64(1L << 40, 1L << 50), Random.Shared.NextInt64(1L << 50, 1L << 60));
        var (everyone, from) = await ProgramWithOneEventEach(orgA, orgB);

        foreach (var reader in everyone)
        {
            var read = (await store.Read(reader, from, 500)).Events.Select(e => e.UserId).Where(id => everyone.Any(p => p.UserId == id)).ToHashSet();
            var expected = everyone.Where(p => Reach.Includes(reader, p)).Select(p => p.UserId).ToHashSet();
            Assert.True(expected.SetEquals(read), $"{reader} read {string.Join(",", read.Order())}, Reach.Includes says {string.Join(",", expected.Order())}");
        }
    }

    [Fact]
    public async Task The_live_feed_reaches_exactly_the_events_the_page_reads_for_every_reader_including_a_person_moving()
    {
        var (orgA, orgB) = (Random.Shared.NextInt64(1L << 40, 1L << 50), Random.Shared.NextInt64(1L << 50, 1L << 60));
        var (everyone, from) = await ProgramWithOneEventEach(orgA, orgB);

        var moving = everyone.First(p => p.Role == UserRoles.Guest && p.HousingOrgId == orgA);
        await people.MarkMoving(moving.UserId);

        var feed = await store.ReadFeed(from, 500);
        Assert.DoesNotContain(moving.UserId, feed.People.Keys);
        foreach (var reader in everyone)
        {
            var page = (await store.Read(reader, from, 500)).Events.Select(e => e.Id).ToHashSet();
            var live = feed.Events.Where(e => feed.Reaches(reader, e)).Select(e => e.Id).ToHashSet();
            Assert.True(page.SetEquals(live), $"{reader}: the page read {string.Join(",", page.Order())}, the feed {string.Join(",", live.Order())}");
        }
    }

    [Fact]
    public async Task A_person_in_the_middle_of_a_membership_change_is_read_by_admins_and_themselves_only()
    {
        var org = Random.Shared.NextInt64(1L << 40, 1L << 60);
        var guest = new MemberScope(NewId(), UserRoles.Guest, org, false);
        var coordinator = new MemberScope(NewId(), UserRoles.Coordinator, org, false);
        await Keep(guest);
        await Keep(coordinator);
        var from = (await store.Read(Admin, null, 1)).Next;
        await store.Append(Event(guest.UserId), $"test:{Guid.NewGuid()}");
        Assert.Single((await store.Read(coordinator, from, 10)).Events, e => e.UserId == guest.UserId);

        await people.MarkMoving(guest.UserId);

        Assert.DoesNotContain((await store.Read(coordinator, from, 10)).Events, e => e.UserId == guest.UserId);
        Assert.Single((await store.Read(Admin, from, 10)).Events, e => e.UserId == guest.UserId);
        Assert.Single((await store.Read(guest, from, 10)).Events, e => e.UserId == guest.UserId);

        await Keep(guest, version: 2);
        Assert.Single((await store.Read(coordinator, from, 10)).Events, e => e.UserId == guest.UserId);
    }

    [Fact]
    public async Task The_same_source_twice_keeps_one_event_and_ids_only_grow()
    {
        var guest = new MemberScope(NewId(), UserRoles.Guest, null, false);
        await Keep(guest);
        var source = $"test:{Guid.NewGuid()}";
        var first = await store.Append(Event(guest.UserId), source);
        var again = await store.Append(Event(guest.UserId), source);
        var next = await store.Append(Event(guest.UserId), $"test:{Guid.NewGuid()}");

        Assert.NotNull(first);
        Assert.Null(again);
        Assert.True(next > first);
        var page = await store.Read(Admin, first - 1, 500);
        Assert.Equal([first!.Value, next!.Value], page.Events.Where(e => e.UserId == guest.UserId).Select(e => e.Id));
    }

    [Fact]
    public async Task A_page_that_is_not_full_moves_the_cursor_past_events_the_reader_does_not_reach()
    {
        var (orgA, orgB) = (Random.Shared.NextInt64(1L << 40, 1L << 50), Random.Shared.NextInt64(1L << 50, 1L << 60));
        var reader = new MemberScope(NewId(), UserRoles.Coordinator, orgA, false);
        var stranger = new MemberScope(NewId(), UserRoles.Guest, orgB, false);
        await Keep(reader);
        await Keep(stranger);
        var from = (await store.Read(Admin, null, 1)).Next;
        var foreign = await store.Append(Event(stranger.UserId), $"test:{Guid.NewGuid()}");

        var page = await store.Read(reader, from, 100);

        Assert.DoesNotContain(page.Events, e => e.UserId == stranger.UserId);
        Assert.True(page.Next >= foreign, $"next {page.Next} should be past the foreign event {foreign}");
    }

    private static MemberScope Admin { get; } = new(0, UserRoles.Admin, null, false);

    private static long NewId() => Random.Shared.NextInt64(1L << 40, 1L << 62);

    private static NewActivity Event(long userId) => new(ActivityTypes.NoteAdded, DateTimeOffset.UtcNow, userId, null, null, "{}");

    /// <summary>The program of <see cref="Program"/>, one event about each person, and the cursor before those events.</summary>
    private async Task<(List<MemberScope> Everyone, long From)> ProgramWithOneEventEach(long orgA, long orgB)
    {
        var everyone = await Program(orgA, orgB);
        var from = (await store.Read(Admin, null, 1)).Next;
        foreach (var person in everyone)
        {
            await store.Append(Event(person.UserId), $"test:{Guid.NewGuid()}");
        }

        return (everyone, from);
    }

    private async Task<List<MemberScope>> Program(long orgA, long orgB)
    {
        var everyone = new List<MemberScope>();
        foreach (var org in new long?[] { null, orgA, orgB })
        {
            foreach (var role in Roles.Where(r => r != UserRoles.Admin || org is null))
            {
                var person = new MemberScope(NewId(), role, org, false);
                await Keep(person);
                everyone.Add(person);
            }
        }

        return everyone;
    }

    private Task Keep(MemberScope person, long version = 1) =>
        people.Upsert(
            new UserView(person.UserId, $"person.{person.UserId}@example.com", "Person", null, $"{person.UserId}", person.Role, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, person.HousingOrgId, person.Lead),
            active: true,
            version);
}
