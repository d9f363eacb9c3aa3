using System.Globalization;
using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Journeys;
using HomeUniteUs.Grains.Matches;
using NpgsqlTypes;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// Everything a dashboard view reads from storage, in one place: the users of one org (or the pool), and the cases,
/// intake statuses, journeys and matches (by guest) of those users. Read from the grains' stored states (their JSON
/// copy), narrowed in the query to the view's people, so a view's rebuild reads its own people's rows only.
/// </summary>
public sealed class DashboardSources(NpgsqlDataSource dataSource, DatabasePools pools)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private static readonly string IntakeFields = string.Join(", ", ((string[])[
        nameof(IntakeProfileState.Id), nameof(IntakeProfileState.Status), nameof(IntakeProfileState.UpdatedAt), nameof(IntakeProfileState.Version)])
        .Select(name => $"'{name}', payloadjson -> '{name}'"));

    /// <summary>The view's people as storage has them: the users whose org is <paramref name="housingOrgId"/> (null: the pool), and what hangs on them.</summary>
    public async Task<DashboardSourceRead> Read(long? housingOrgId)
    {
        var users = await pools.Run(() => Query<UserState>(StateNames.User, "(payloadjson ->> 'HousingOrgId') IS NOT DISTINCT FROM @org",
            new NpgsqlParameter<string?>("org", NpgsqlDbType.Text) { TypedValue = housingOrgId?.ToString(CultureInfo.InvariantCulture) }), repeatable: true);
        return await Around(users, [.. users.Select(u => u.Id)]);
    }

    /// <summary>One person as storage has them (a person who just moved into a view).</summary>
    public async Task<DashboardSourceRead> ReadPerson(long userId)
    {
        var users = await pools.Run(() => Query<UserState>(StateNames.User, "(payloadjson ->> 'Id') = @id",
            new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = userId.ToString(CultureInfo.InvariantCulture) }), repeatable: true);
        return await Around(users, [userId]);
    }

    private async Task<DashboardSourceRead> Around(List<UserState> users, long[] ids)
    {
        var cases = await pools.Run(() => OfPeople<GuestCaseState>(StateNames.GuestCase, nameof(GuestCaseState.GuestId), ids), repeatable: true);
        // Intake profiles carry every answer: only the four fields a view needs are read.
        var intakes = await pools.Run(() => OfPeople<IntakeProfileState>(IntakeProfileState.StateName, nameof(IntakeProfileState.Id), ids,
            $"convert_to(jsonb_build_object({IntakeFields})::text, 'UTF8')"), repeatable: true);
        var journeys = await pools.Run(() => OfPeople<JourneyState>(StateNames.Journey, nameof(JourneyState.UserId), ids), repeatable: true);
        var matches = await pools.Run(() => OfPeople<MatchState>(StateNames.Match, nameof(MatchState.GuestId), ids), repeatable: true);
        return new DashboardSourceRead(
            [.. users.Select(u => new Versioned<UserView>(u.Id, u.Version, u.IsActive ? u.ToView() : null))],
            [.. cases.Select(c => new Versioned<GuestCase>(c.GuestId, c.Version, c.ToCase()))],
            [.. intakes.Where(i => i.Id > 0).Select(i => new Versioned<IntakeRef>(i.Id, i.Version, new IntakeRef(i.Status, i.UpdatedAt)))],
            [.. journeys.Select(j => new Versioned<CoordinatorSteps>(j.UserId, j.Version, j.ToSteps()))],
            [.. matches.Select(m => new Versioned<MatchRef>(m.Id, m.Version, m.ToMatch() is { } live ? MatchRef.Of(live) : null))]);
    }

    /// <summary>The stored states whose <paramref name="idProperty"/> is one of <paramref name="ids"/>.</summary>
    private Task<List<T>> OfPeople<T>(string stateName, string idProperty, long[] ids, string payload = "payloadbinary") =>
        Query<T>(stateName, $"(payloadjson ->> '{idProperty}')::bigint = ANY(@ids)",
            new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ids }, payload);

    private async Task<List<T>> Query<T>(string stateName, string condition, NpgsqlParameter parameter, string payload = "payloadbinary")
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {payload} FROM orleansstorage WHERE serviceid = @service AND graintypestring = @state AND payloadbinary IS NOT NULL AND {condition}");
        command.Parameters.AddWithValue("service", HomeUniteUs.Configuration.HuuSettings.ServiceId);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.Add(parameter);
        var states = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (JsonSerializer.Deserialize<T>((byte[])reader[0], Json) is { } state)
            {
                states.Add(state);
            }
        }

        return states;
    }
}

/// <summary>What a view read from storage: each entity with its stored version and its visible value.</summary>
public sealed record DashboardSourceRead(
    List<Versioned<UserView>> Users,
    List<Versioned<GuestCase>> Cases,
    List<Versioned<IntakeRef>> Intakes,
    List<Versioned<CoordinatorSteps>> Journeys,
    List<Versioned<MatchRef>> Matches);
