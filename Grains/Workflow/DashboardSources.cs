using HomeUniteUs.Grains.Journeys;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// What the dashboard is rebuilt from, read from the tables of our own that the grains keep (<c>huu_people</c> and
/// migration 0008, see <see cref="SourceRows"/>), never from Orleans' storage payload. Each entry is a
/// <see cref="Versioned{T}"/> as the owning grain last wrote it (value null: not visible, e.g. a pending or deleted
/// user, a deleted case, a match that is not live). <paramref name="pools"/> retries a read once after an outage.
/// </summary>
public sealed class DashboardSources(NpgsqlDataSource dataSource, DatabasePools pools)
{
    // A person's rows are in the filter when the person is: the one person asked for, or of the org asked for, or of
    // the pool (no org) when none is.
    private const string PersonFilter =
        """
        (@everyone OR (@only IS NOT NULL AND $person = @only)
         OR (@only IS NULL AND EXISTS (SELECT 1 FROM huu_people f WHERE f.user_id = $person AND f.housing_org_id IS NOT DISTINCT FROM @org)))
        """;

    /// <summary>One dashboard view's sources: the people of <paramref name="housingOrgId"/> (null: the pool) and what hangs on them.</summary>
    public Task<DashboardSourceRead> Read(long? housingOrgId) => ReadAll(new PeopleOf(housingOrgId));

    /// <summary>One person's sources (a person who just moved into a view): their user row, case, intake, steps and matches as a guest.</summary>
    public Task<DashboardSourceRead> ReadPerson(long userId) => ReadAll(PeopleOf.Person(userId));

    private async Task<DashboardSourceRead> ReadAll(PeopleOf people)
    {
        var (users, cases) = await ReadPeopleAndCases(people);
        var (intakes, journeys, matches) = await ReadJourneySources(people);
        return new DashboardSourceRead(users, cases, intakes, journeys, matches);
    }

    /// <summary>
    /// Every user (active ones with their view) and every guest case. <paramref name="people"/>: null for everyone,
    /// else only the people of one org or of the pool (<see cref="PeopleOf"/>) and their cases.
    /// </summary>
    public async Task<(List<Versioned<UserView>> Users, List<Versioned<GuestCase>> Cases)> ReadPeopleAndCases(PeopleOf? people = null)
    {
        // A row from before migration 0008 (no created_at_ticks yet) is left out until the start-up backfill completes it.
        var users = await Read(
            $"""
            SELECT user_id, version, active, email, first_name, middle_name, last_name, role, created_at_ticks, updated_at_ticks, housing_org_id, lead
              FROM huu_people p WHERE created_at_ticks IS NOT NULL AND {InFilter("p.user_id")}
            """,
            people,
            row => new Versioned<UserView>(row.GetInt64(0), row.GetInt64(1), !row.GetBoolean(2) ? null : new UserView(
                row.GetInt64(0),
                row.GetString(3),
                row.GetString(4),
                row.IsDBNull(5) ? null : row.GetString(5),
                row.IsDBNull(6) ? null : row.GetString(6),
                row.GetString(7),
                Instant(row, 8),
                Instant(row, 9),
                row.IsDBNull(10) ? null : row.GetInt64(10),
                row.GetBoolean(11))));
        var cases = await Read(
            $"""
            SELECT guest_id, version, case_exists, coordinator_id, status, notes, created_at_ticks, updated_at_ticks
              FROM huu_guest_cases c WHERE {InFilter("c.guest_id")}
            """,
            people,
            row => new Versioned<GuestCase>(row.GetInt64(0), row.GetInt64(1), !row.GetBoolean(2) ? null : new GuestCase(
                row.GetInt64(0), row.GetInt64(3), row.GetString(4), row.GetString(5), Instant(row, 6), Instant(row, 7))));
        return (users, cases);
    }

    /// <summary>
    /// What journeys are derived from: intake statuses (not the answers), coordinator-set steps, matches (a match is a
    /// guest's: filtered by the guest's org). <paramref name="people"/> as for <see cref="ReadPeopleAndCases"/>.
    /// </summary>
    public async Task<(List<Versioned<IntakeRef>> Intakes, List<Versioned<CoordinatorSteps>> Journeys, List<Versioned<MatchRef>> Matches)> ReadJourneySources(
        PeopleOf? people = null)
    {
        var intakes = await Read(
            $"SELECT user_id, version, status, updated_at_ticks FROM huu_intake_status i WHERE {InFilter("i.user_id")}",
            people,
            row => new Versioned<IntakeRef>(row.GetInt64(0), row.GetInt64(1), new IntakeRef(row.GetString(2), Instant(row, 3))));
        var journeys = await Read(
            $"SELECT user_id, version, interview_complete, training_complete FROM huu_journey_steps j WHERE {InFilter("j.user_id")}",
            people,
            row => new Versioned<CoordinatorSteps>(row.GetInt64(0), row.GetInt64(1), new CoordinatorSteps(row.GetBoolean(2), row.GetBoolean(3))));
        var matches = await Read(
            $"SELECT match_id, version, live, guest_id, host_id, status, finalized_at_ticks FROM huu_matches m WHERE {InFilter("m.guest_id")}",
            people,
            row => new Versioned<MatchRef>(row.GetInt64(0), row.GetInt64(1), !row.GetBoolean(2) ? null : new MatchRef(
                row.GetInt64(3), row.GetInt64(4), row.GetString(5), row.IsDBNull(6) ? null : Instant(row, 6))));
        return (intakes, journeys, matches);
    }

    /// <summary>An instant stored as UTC ticks (exact, unlike timestamptz).</summary>
    private static DateTimeOffset Instant(NpgsqlDataReader row, int column) => new(row.GetInt64(column), TimeSpan.Zero);

    private static string InFilter(string personColumn) => PersonFilter.Replace("$person", personColumn, StringComparison.Ordinal);

    private Task<List<T>> Read<T>(string sql, PeopleOf? people, Func<NpgsqlDataReader, T> map) => pools.Run(
        async () =>
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("everyone", people is null);
            command.Parameters.Add(new NpgsqlParameter<long?>("org", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = people?.HousingOrgId });
            command.Parameters.Add(new NpgsqlParameter<long?>("only", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = people?.UserId });
            var entries = new List<T>();
            await using var rows = await command.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                entries.Add(map(rows));
            }

            return entries;
        },
        repeatable: true);
}

/// <summary>
/// The people of one housing org, or of the pool (<see cref="HousingOrgId"/> null: nobody's org); or, with
/// <see cref="UserId"/>, that one person whatever their org.
/// </summary>
public sealed record PeopleOf(long? HousingOrgId, long? UserId = null)
{
    public static PeopleOf Pool { get; } = new((long?)null);

    public static PeopleOf Org(long housingOrgId) => new(housingOrgId);

    public static PeopleOf Person(long userId) => new(null, userId);
}

/// <summary>What a view read: each entity with its stored version and its visible value.</summary>
public sealed record DashboardSourceRead(
    List<Versioned<UserView>> Users,
    List<Versioned<GuestCase>> Cases,
    List<Versioned<IntakeRef>> Intakes,
    List<Versioned<CoordinatorSteps>> Journeys,
    List<Versioned<MatchRef>> Matches);
