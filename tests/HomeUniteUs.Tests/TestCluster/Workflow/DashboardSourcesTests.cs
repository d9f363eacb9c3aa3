using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Journeys;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Journeys;
using HomeUniteUs.Grains.Matches;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.Grains.Workflow;
using HomeUniteUs.Silo.Startup;
using HomeUniteUs.Tests.TestCluster.Matches;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace HomeUniteUs.Tests.TestCluster.Workflow;

/// <summary>
/// The dashboard is rebuilt from tables of our own that the grains keep (<see cref="DashboardSources"/>, migration 0008),
/// not from Orleans' storage payload. Named after the rules: a rebuild from the tables equals what the grains serve and
/// what Orleans' storage holds; the backfill fills the tables from states stored before them; a lower version never
/// overwrites a row; a row lost between the state write and the row write is repaired when the grain activates.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class DashboardSourcesTests(GrainCluster cluster)
{
    private readonly WorkflowGrains workflow = new(cluster);
    private readonly MatchPeople people = new(cluster);

    private IServiceProvider Silo => cluster.Cluster.Silos[0].ServiceProvider;

    private DashboardSources Sources => Silo.GetRequiredService<DashboardSources>();

    [Fact]
    public async Task A_dashboard_rebuilt_from_the_tables_alone_equals_what_the_grains_serve_and_what_Orleans_storage_holds()
    {
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var match = await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId);
        await people.Match(match.Id).Respond(guest, true);
        await workflow.Case(guest.UserId).Update(new GuestCaseChange(null, null, "rebuilt from our tables"), coordinator);
        var leaving = await workflow.User(UserRoles.Guest);
        await workflow.Case(leaving.Id).Open(coordinator.UserId);
        await workflow.Case(leaving.Id).Delete();
        await cluster.Grains.GetGrain<IUserGrain>(leaving.Id).Delete();
        var pending = await cluster.Grains.GetGrain<IUserGrain>(NewId())
            .Create(new NewUser("pending@example.com", "Pen", null, "Ding", UserRoles.Host));
        long[] ids = [coordinator.UserId, guest.UserId, host.UserId, leaving.Id, pending.Id];

        var fromTables = await Rebuilt(Sources.ReadPeopleAndCases(), Sources.ReadJourneySources());
        var fromStorage = await Rebuilt(FromOrleansStorage(), JourneySourcesFromOrleansStorage());
        var served = (await workflow.Items()).Values.Where(i => ids.Contains(i.Id)).OrderBy(i => i.Id).ToList();

        var rebuilt = fromTables.Items().Where(i => ids.Contains(i.Id)).OrderBy(i => i.Id).ToList();
        Assert.Equal(3, rebuilt.Count);
        Assert.Equal(served, rebuilt);
        Assert.Equal(fromStorage.Items().Where(i => ids.Contains(i.Id)).OrderBy(i => i.Id), rebuilt);
        var guestRow = rebuilt.Single(i => i.Id == guest.UserId);
        Assert.Equal(("rebuilt from our tables", GuestCaseStatus.InProgress), (guestRow.Notes, guestRow.CaseStatus));
    }

    [Fact]
    public async Task The_people_of_one_org_or_of_the_pool_are_read_with_their_cases_and_journey_sources()
    {
        var org = Random.Shared.NextInt64(1L << 40, 1L << 60);
        var member = await cluster.Grains.GetGrain<IUserGrain>(NewId())
            .Create(new NewUser($"member.{org}@example.com", "Mem", null, "Ber", UserRoles.Guest, org));
        member = await cluster.Grains.GetGrain<IUserGrain>(member.Id).Activate();
        await workflow.Case(member.Id).Open(0);
        var pooled = await workflow.User(UserRoles.Guest);
        await workflow.Case(pooled.Id).Open(0);

        var (orgUsers, orgCases) = await Sources.ReadPeopleAndCases(PeopleOf.Org(org));
        Assert.Equal([member.Id], orgUsers.Select(u => u.Id));
        Assert.Equal(member, orgUsers.Single().Value);
        Assert.Equal([member.Id], orgCases.Select(c => c.Id));

        var (poolUsers, poolCases) = await Sources.ReadPeopleAndCases(PeopleOf.Pool);
        Assert.Contains(poolUsers, u => u.Id == pooled.Id);
        Assert.DoesNotContain(poolUsers, u => u.Id == member.Id);
        Assert.Contains(poolCases, c => c.Id == pooled.Id);
        Assert.DoesNotContain(poolCases, c => c.Id == member.Id);
    }

    [Fact]
    public async Task The_backfill_writes_the_rows_of_states_stored_before_the_tables_were_kept()
    {
        var guest = await workflow.User(UserRoles.Guest, "Before", "Rows");
        var hostId = NewId();
        var matchId = NewId();
        var at = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        // A person's row from before migration 0008, and states written straight through the storage provider (no grain ran).
        await Execute("UPDATE huu_people SET created_at_ticks = NULL, email = '', first_name = '' WHERE user_id = @id", guest.Id);
        await WriteBehindTheGrainsBack(StateNames.GuestCase, cluster.Grains.GetGrain<IGuestCaseGrain>(guest.Id).GetGrainId(),
            new GuestCaseState { GuestId = guest.Id, CoordinatorId = 0, Status = GuestCaseStatus.InProgress, Notes = "from storage", CreatedAt = at, UpdatedAt = at, Exists = true, Version = 4 });
        await WriteBehindTheGrainsBack(IntakeProfileState.StateName, cluster.Grains.GetGrain<IIntakeProfileGrain>(guest.Id).GetGrainId(),
            new IntakeProfileState { Id = guest.Id, FormId = IntakeFormIds.Guest, Status = IntakeStatus.Approved, UpdatedAt = at, Version = 3 });
        await WriteBehindTheGrainsBack(StateNames.Journey, cluster.Grains.GetGrain<IJourneyGrain>(guest.Id).GetGrainId(),
            new JourneyState { UserId = guest.Id, Interview = new StepTimes { CompletedAt = at }, Version = 2 });
        await WriteBehindTheGrainsBack(StateNames.Match, cluster.Grains.GetGrain<IMatchGrain>(matchId).GetGrainId(),
            new MatchState { Id = matchId, Phase = MatchState.Live, GuestId = guest.Id, HostId = hostId, Status = MatchStatus.Accepted, CreatedAt = at, UpdatedAt = at, Version = 5 });
        Assert.Empty(await Mine(guest.Id, matchId));

        var backfill = ActivatorUtilities.CreateInstance<SourcesBackfill>(Silo);
        Assert.True(await backfill.Run() >= 5);

        var (users, cases) = await Sources.ReadPeopleAndCases();
        Assert.Equal(new Versioned<UserView>(guest.Id, 2, guest), users.Single(u => u.Id == guest.Id));
        Assert.Equal(new Versioned<GuestCase>(guest.Id, 4, new GuestCase(guest.Id, 0, GuestCaseStatus.InProgress, "from storage", at, at)), cases.Single(c => c.Id == guest.Id));
        Assert.Equal(
            [$"intake 3 {IntakeStatus.Approved}", "journey 2 True False", $"match 5 {guest.Id} {hostId} {MatchStatus.Accepted}"],
            await Mine(guest.Id, matchId));

        // Every row is now at its state's version: a second start writes nothing.
        Assert.Equal(0, await backfill.Run());
    }

    [Fact]
    public async Task A_row_is_never_overwritten_by_a_lower_version()
    {
        var rows = Silo.GetRequiredService<SourceRows>();
        var guestId = NewId();
        var at = DateTimeOffset.UtcNow;
        await rows.Case(new GuestCaseState { GuestId = guestId, Status = GuestCaseStatus.Matched, Notes = "version 5", CreatedAt = at, UpdatedAt = at, Exists = true, Version = 5 });
        await rows.Case(new GuestCaseState { GuestId = guestId, Status = GuestCaseStatus.InProgress, Notes = "version 4, late", CreatedAt = at, UpdatedAt = at, Exists = true, Version = 4 });
        await rows.Match(new MatchState { Id = guestId, Phase = MatchState.Live, GuestId = guestId, Status = MatchStatus.Finalized, FinalizedAt = at, Version = 7 });
        await rows.Match(new MatchState { Id = guestId, Phase = MatchState.Reserving, GuestId = guestId, Status = MatchStatus.Proposed, Version = 6 });
        var peopleTable = Silo.GetRequiredService<PeopleTable>();
        var person = new UserView(guestId, "late@example.com", "Version", null, "Three", UserRoles.Guest, at, at);
        await peopleTable.Upsert(person, active: true, version: 3);
        await peopleTable.Upsert(person with { FirstName = "Version two" }, active: false, version: 2);

        var (users, cases) = await Sources.ReadPeopleAndCases();
        var (_, _, matches) = await Sources.ReadJourneySources();
        Assert.Equal(("version 5", 5L), (cases.Single(c => c.Id == guestId).Value!.Notes, cases.Single(c => c.Id == guestId).Version));
        Assert.Equal((MatchStatus.Finalized, 7L), (matches.Single(m => m.Id == guestId).Value!.Status, matches.Single(m => m.Id == guestId).Version));
        Assert.Equal(new Versioned<UserView>(guestId, 3, person), users.Single(u => u.Id == guestId));
    }

    [Fact]
    public async Task A_row_lost_between_the_state_write_and_the_row_write_is_repaired_when_the_grain_activates()
    {
        var guest = await workflow.User(UserRoles.Guest);
        var coordinator = await workflow.User(UserRoles.Coordinator);
        await workflow.Case(guest.Id).Open(coordinator.Id);
        Assert.Equal(1L, await CaseRowVersion(guest.Id));

        // The row write fails after the state write succeeded: the grain keeps its state and ends its activation.
        await Execute("ALTER TABLE huu_guest_cases RENAME TO huu_guest_cases_away");
        try
        {
            await workflow.Case(guest.Id).Update(new GuestCaseChange(null, null, "written, its row lost"), new Caller(coordinator.Id, UserRoles.Coordinator));
        }
        finally
        {
            await Execute("ALTER TABLE huu_guest_cases_away RENAME TO huu_guest_cases");
        }

        Assert.Equal(1L, await CaseRowVersion(guest.Id));
        await Reconciled.Within(TimeSpan.FromSeconds(30), async () =>
        {
            await workflow.Case(guest.Id).Get();
            return await CaseRowVersion(guest.Id) == 2;
        }, "the case grain's next activation did not repair its row");
        var (_, cases) = await Sources.ReadPeopleAndCases();
        Assert.Equal("written, its row lost", cases.Single(c => c.Id == guest.Id).Value!.Notes);
    }

    [Fact]
    public async Task A_journey_steps_row_lost_with_the_events_it_is_written_with_is_repaired_and_they_are_published_when_the_grain_activates()
    {
        var host = await people.ReadyHost();
        var coordinator = await people.Coordinator();
        var before = await JourneyRowVersion(host.UserId);
        Assert.NotNull(before);
        var at = new DateTimeOffset(2031, 5, 6, 7, 8, 0, TimeSpan.Zero);

        // The row goes in the transaction that publishes the step's events: that transaction fails after the state
        // write succeeded, so the step is acknowledged, its row and its event wait, and the grain ends its activation.
        await Execute("ALTER TABLE huu_journey_steps RENAME TO huu_journey_steps_away");
        Journey answer;
        try
        {
            answer = await people.Journey(host.UserId).SetStep(coordinator, JourneySteps.CoordinatorInterview, new StepChange(at, false));
        }
        finally
        {
            await Execute("ALTER TABLE huu_journey_steps_away RENAME TO huu_journey_steps");
        }

        Assert.Equal(at, answer.Tasks.SelectMany(t => t.SubTasks).Single(s => s.Key == JourneySteps.CoordinatorInterview).ScheduledAt);
        Assert.Equal(before, await JourneyRowVersion(host.UserId));
        Assert.Equal(0L, await ScheduledEvents(host.UserId, at));
        await Reconciled.Within(TimeSpan.FromSeconds(30), async () =>
        {
            await people.Journey(host.UserId).Get(coordinator);
            return await JourneyRowVersion(host.UserId) == before + 1;
        }, "the journey grain's next activation did not repair its row");
        Assert.Equal(1L, await ScheduledEvents(host.UserId, at));
    }

    private static long NewId() => Random.Shared.NextInt64(1_000_000, 1_000_000_000_000);

    private static async Task<DashboardProjection> Rebuilt(
        Task<(List<Versioned<UserView>> Users, List<Versioned<GuestCase>> Cases)> peopleAndCases,
        Task<(List<Versioned<IntakeRef>> Intakes, List<Versioned<CoordinatorSteps>> Journeys, List<Versioned<MatchRef>> Matches)> journeySources)
    {
        var projection = new DashboardProjection();
        var (users, cases) = await peopleAndCases;
        var (intakes, journeys, matches) = await journeySources;
        projection.Reconcile(users, cases, 0);
        projection.ReconcileJourneys(intakes, journeys, matches, 0);
        return projection;
    }

    /// <summary>What the dashboard read from Orleans' storage before the tables existed: the oracle the tables are held to.</summary>
    private async Task<(List<Versioned<UserView>>, List<Versioned<GuestCase>>)> FromOrleansStorage()
    {
        var reader = Silo.GetRequiredService<GrainStateReader>();
        var users = await reader.ReadAll<UserState>(StateNames.User);
        var cases = await reader.ReadAll<GuestCaseState>(StateNames.GuestCase);
        return (
            [.. users.Select(u => new Versioned<UserView>(u.Id, u.Version, u.IsActive ? u.ToView() : null))],
            [.. cases.Select(c => new Versioned<GuestCase>(c.GuestId, c.Version, c.ToCase()))]);
    }

    private async Task<(List<Versioned<IntakeRef>>, List<Versioned<CoordinatorSteps>>, List<Versioned<MatchRef>>)> JourneySourcesFromOrleansStorage()
    {
        var reader = Silo.GetRequiredService<GrainStateReader>();
        var intakes = await reader.ReadAll<IntakeProfileState>(IntakeProfileState.StateName);
        var journeys = await reader.ReadAll<JourneyState>(StateNames.Journey);
        var matches = await reader.ReadAll<MatchState>(StateNames.Match);
        return (
            [.. intakes.Where(i => i.Id > 0).Select(i => new Versioned<IntakeRef>(i.Id, i.Version, new IntakeRef(i.Status, i.UpdatedAt)))],
            [.. journeys.Select(j => new Versioned<CoordinatorSteps>(j.UserId, j.Version, j.ToSteps()))],
            [.. matches.Select(m => new Versioned<MatchRef>(m.Id, m.Version, m.ToMatch() is { } live ? new MatchRef(live.GuestId, live.HostId, live.Status, live.FinalizedAt) : null))]);
    }

    private async Task WriteBehindTheGrainsBack<T>(string stateName, GrainId grainId, T state)
    {
        var storage = Silo.GetRequiredKeyedService<IGrainStorage>(StateNames.Store);
        await storage.WriteStateAsync(stateName, grainId, new GrainState<T>(state));
    }

    /// <summary>The intake, journey and match rows of <paramref name="userId"/> and <paramref name="matchId"/>, as text.</summary>
    private async Task<List<string>> Mine(long userId, long matchId)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT 'intake ' || version || ' ' || status FROM huu_intake_status WHERE user_id = @id
            UNION ALL SELECT 'journey ' || version || ' ' || (CASE WHEN interview_complete THEN 'True' ELSE 'False' END) || ' ' || (CASE WHEN training_complete THEN 'True' ELSE 'False' END) FROM huu_journey_steps WHERE user_id = @id
            UNION ALL SELECT 'match ' || version || ' ' || guest_id || ' ' || host_id || ' ' || status FROM huu_matches WHERE match_id = @match AND live
            """,
            connection);
        command.Parameters.AddWithValue("id", userId);
        command.Parameters.AddWithValue("match", matchId);
        var found = new List<string>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            found.Add(rows.GetString(0));
        }

        return found;
    }

    private Task<long?> CaseRowVersion(long guestId) => Scalar("SELECT version FROM huu_guest_cases WHERE guest_id = @id", guestId);

    private Task<long?> JourneyRowVersion(long userId) => Scalar("SELECT version FROM huu_journey_steps WHERE user_id = @id", userId);

    /// <summary>The <c>step_scheduled</c> events of <paramref name="userId"/>'s interview at <paramref name="at"/> in the activity list.</summary>
    private Task<long?> ScheduledEvents(long userId, DateTimeOffset at) =>
        Scalar(
            $"""
            SELECT count(*) FROM huu_activity
             WHERE user_id = @id AND type = '{ActivityTypes.StepScheduled}' AND details->>'key' = '{JourneySteps.CoordinatorInterview}'
               AND details->>'scheduledAt' = '{UtcTimestamp.Format(at)}'
            """,
            userId);

    private async Task<long?> Scalar(string sql, long id)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as long?;
    }

    private async Task Execute(string sql, long? id = null)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is { } value)
        {
            command.Parameters.AddWithValue("id", value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
