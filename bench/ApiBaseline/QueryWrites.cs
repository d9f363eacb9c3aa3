using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace HomeUniteUs.Bench;

/// <summary>
/// What bench/api.sh captured for the write routes: two hosts (one whose intake profile is open, one
/// approved, whose journey steps are set), the host form's field ids, and what the API answered for
/// them, so the baseline's rows start as the project's state does.
/// </summary>
internal sealed record WriteFixture(
    long IntakeUserId, string IntakeSubject, long StepUserId, string StepSubject,
    IReadOnlyList<string> HostFieldIds, JsonObject IntakeProfile, JsonObject Journey)
{
    public static async Task<WriteFixture?> Load(string directory)
    {
        var path = Path.Combine(directory, "writes.json");
        if (!File.Exists(path))
        {
            return null;
        }

        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        return new WriteFixture(
            root["intakeUserId"]!.GetValue<long>(), root["intakeSubject"]!.GetValue<string>(),
            root["stepUserId"]!.GetValue<long>(), root["stepSubject"]!.GetValue<string>(),
            [.. root["hostFieldIds"]!.AsArray().Select(id => id!.GetValue<string>())],
            root["intakeProfile"]!.AsObject(), root["journey"]!.AsObject());
    }
}

/// <summary>
/// The write routes of bench/api.sh as a stateless service would serve them: per request one Npgsql
/// transaction that finds the caller (by the token's subject, unverified, which only flatters this
/// design), reads the row it changes with FOR UPDATE, checks what the real route checks (role or
/// owner, the name not taken, the profile open, the field ids on the form, the step not locked) and
/// writes the row back with its JSON column. Tables of its own: bench_housing_orgs (shared with the
/// reads; gains a jsonb document), bench_intake_profiles, bench_journeys.
/// </summary>
internal sealed class QueryWrites(NpgsqlDataSource data, HashSet<string> hostFields)
{
    private const string OrgName = "org_name";

    public static async Task<QueryWrites> Create(NpgsqlDataSource data, WriteFixture fixture)
    {
        await using (var create = data.CreateCommand("""
            ALTER TABLE bench_housing_orgs ADD COLUMN doc jsonb;
            UPDATE bench_housing_orgs SET doc = jsonb_build_object('housing_org_id', housing_org_id, 'org_name', org_name);
            CREATE UNIQUE INDEX ON bench_housing_orgs (org_name);
            DROP SEQUENCE IF EXISTS bench_housing_org_ids;
            CREATE SEQUENCE bench_housing_org_ids START 1000000;
            DROP TABLE IF EXISTS bench_intake_profiles, bench_journeys;
            CREATE TABLE bench_intake_profiles (user_id bigint PRIMARY KEY, form_id int NOT NULL, status text NOT NULL,
                doc jsonb NOT NULL, updated_at timestamptz NOT NULL);
            CREATE TABLE bench_journeys (user_id bigint PRIMARY KEY, doc jsonb NOT NULL, updated_at timestamptz NOT NULL);
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var approved = new JsonObject { ["status"] = "APPROVED", ["responses"] = new JsonArray() };
        foreach (var (userId, status, doc) in new[]
                 {
                     (fixture.IntakeUserId, fixture.IntakeProfile["status"]!.GetValue<string>(), fixture.IntakeProfile),
                     (fixture.StepUserId, "APPROVED", approved),
                 })
        {
            await using var insert = data.CreateCommand("INSERT INTO bench_intake_profiles VALUES ($1, 2, $2, $3::jsonb, now())");
            insert.Parameters.Add(new NpgsqlParameter { Value = userId });
            insert.Parameters.Add(new NpgsqlParameter { Value = status });
            insert.Parameters.Add(new NpgsqlParameter { Value = doc.ToJsonString() });
            await insert.ExecuteNonQueryAsync();
        }

        await using (var journey = data.CreateCommand("INSERT INTO bench_journeys VALUES ($1, $2::jsonb, now())"))
        {
            journey.Parameters.Add(new NpgsqlParameter { Value = fixture.StepUserId });
            journey.Parameters.Add(new NpgsqlParameter { Value = fixture.Journey.ToJsonString() });
            await journey.ExecuteNonQueryAsync();
        }

        foreach (var (subject, id) in new[] { (fixture.IntakeSubject, fixture.IntakeUserId), (fixture.StepSubject, fixture.StepUserId) })
        {
            await using var user = data.CreateCommand("INSERT INTO bench_users VALUES ($1, $2, $3, 'Bench', NULL, 'Host', 3, 'host')");
            user.Parameters.Add(new NpgsqlParameter { Value = subject });
            user.Parameters.Add(new NpgsqlParameter { Value = id });
            user.Parameters.Add(new NpgsqlParameter { Value = $"host{id}@example.com" });
            await user.ExecuteNonQueryAsync();
        }

        return new QueryWrites(data, [.. fixture.HostFieldIds]);
    }

    public void Map(WebApplication app)
    {
        app.MapPost("/api/housing-orgs", (HttpRequest request) => Run(request, CreateOrg));
        app.MapPut("/api/housing-orgs/{id}", (HttpRequest request, long id) => Run(request, (t, caller, body) => UpdateOrg(t, caller, body, id)));
        app.MapPut("/api/intake-profile/responses/{userId}", (HttpRequest request, long userId) =>
            Run(request, (t, caller, body) => SaveResponses(t, caller, body, userId)));
        app.MapPost("/api/journeys/{userId}/steps/{key}", (HttpRequest request, long userId, string key) =>
            Run(request, (t, caller, body) => SetStep(t, caller, body, userId, key)));
    }

    private sealed record Caller(long Id, string Role);

    private delegate Task<IResult> Write(NpgsqlTransaction transaction, Caller caller, JsonObject body);

    /// <summary>One transaction: the caller, then the route's reads, checks and write; committed when the answer is 2xx or 3xx.</summary>
    private async Task<IResult> Run(HttpRequest request, Write write)
    {
        if (QueryPerRequest.Subject(request.Headers.Authorization.ToString()) is not { } subject)
        {
            return Results.Unauthorized();
        }

        if (await JsonNode.ParseAsync(request.Body) is not JsonObject body)
        {
            return Results.UnprocessableEntity();
        }

        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var find = new NpgsqlCommand("SELECT id, role FROM bench_users WHERE sub = $1", connection, transaction);
        find.Parameters.Add(new NpgsqlParameter { Value = subject });
        Caller? caller = null;
        await using (var reader = await find.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                caller = new Caller(reader.GetInt64(0), reader.GetString(1));
            }
        }

        if (caller is null)
        {
            return Results.Unauthorized();
        }

        var result = await write(transaction, caller, body);
        if (result is not IStatusCodeHttpResult { StatusCode: >= 400 })
        {
            await transaction.CommitAsync();
        }

        return result;
    }

    private static async Task<IResult> CreateOrg(NpgsqlTransaction transaction, Caller caller, JsonObject body)
    {
        if (caller.Role != "admin")
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (body[OrgName]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return Results.UnprocessableEntity();
        }

        await using var existing = Command(transaction, "SELECT housing_org_id FROM bench_housing_orgs WHERE org_name = $1", name);
        if (await existing.ExecuteScalarAsync() is long id)
        {
            return Results.Redirect($"/api/housing-orgs/{id}");
        }

        await using var insert = Command(transaction, """
            INSERT INTO bench_housing_orgs (housing_org_id, org_name, doc)
            SELECT n, $1, jsonb_build_object('housing_org_id', n, 'org_name', $1::text) FROM nextval('bench_housing_org_ids') n
            RETURNING doc::text
            """, name);
        var doc = (string)(await insert.ExecuteScalarAsync())!;
        return Results.Text(doc, "application/json; charset=utf-8", statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateOrg(NpgsqlTransaction transaction, Caller caller, JsonObject body, long id)
    {
        if (caller.Role != "admin")
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (body[OrgName]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return Results.UnprocessableEntity();
        }

        await using var read = Command(transaction, "SELECT doc::text FROM bench_housing_orgs WHERE housing_org_id = $1 FOR UPDATE", id);
        if (await read.ExecuteScalarAsync() is not string current)
        {
            return Results.NotFound();
        }

        var doc = JsonNode.Parse(current)!.AsObject();
        doc[OrgName] = name;
        var text = doc.ToJsonString();
        await using var update = Command(transaction, "UPDATE bench_housing_orgs SET org_name = $2, doc = $3::jsonb WHERE housing_org_id = $1", id, name, text);
        await update.ExecuteNonQueryAsync();
        return Results.Text(text, "application/json; charset=utf-8");
    }

    private async Task<IResult> SaveResponses(NpgsqlTransaction transaction, Caller caller, JsonObject body, long userId)
    {
        if (caller.Id != userId)
        {
            return Results.NotFound();
        }

        await using var read = Command(transaction, "SELECT status, doc::text FROM bench_intake_profiles WHERE user_id = $1 FOR UPDATE", userId);
        string status, current;
        await using (var reader = await read.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
            {
                return Results.NotFound();
            }

            (status, current) = (reader.GetString(0), reader.GetString(1));
        }

        if (status is "SUBMITTED" or "APPROVED")
        {
            return Results.Conflict();
        }

        var answers = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var doc = JsonNode.Parse(current)!.AsObject();
        foreach (var stored in doc["responses"]!.AsArray())
        {
            answers[stored!["fieldId"]!.GetValue<string>()] = stored["value"]?.DeepClone();
        }

        foreach (var given in body["responses"]?.AsArray() ?? [])
        {
            if (given?["fieldId"]?.GetValue<string>() is not { } fieldId || !hostFields.Contains(fieldId)
                || given["value"] is JsonValue { } value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 2_000)
            {
                return Results.UnprocessableEntity();
            }

            answers[fieldId] = given["value"]?.DeepClone();
        }

        var responses = new JsonArray([.. answers.Select(a => new JsonObject { ["fieldId"] = a.Key, ["value"] = a.Value })]);
        doc["responses"] = responses;
        doc["status"] = "IN_PROGRESS";
        await using var update = Command(transaction,
            "UPDATE bench_intake_profiles SET status = 'IN_PROGRESS', doc = $2::jsonb, updated_at = now() WHERE user_id = $1", userId, doc.ToJsonString());
        await update.ExecuteNonQueryAsync();
        return Results.Text(new JsonObject { ["responses"] = responses.DeepClone() }.ToJsonString(), "application/json; charset=utf-8");
    }

    private static async Task<IResult> SetStep(NpgsqlTransaction transaction, Caller caller, JsonObject body, long userId, string key)
    {
        if (caller.Role is not ("admin" or "coordinator"))
        {
            return Results.NotFound();
        }

        if (key is not ("coordinator_interview" or "training_session") || body["scheduledAt"]?.GetValue<string>() is not { } text
            || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var scheduledAt))
        {
            return Results.UnprocessableEntity();
        }

        await using var profile = Command(transaction, "SELECT status FROM bench_intake_profiles WHERE user_id = $1", userId);
        if (await profile.ExecuteScalarAsync() is not "APPROVED")
        {
            return Results.Conflict();
        }

        await using var read = Command(transaction, "SELECT doc::text FROM bench_journeys WHERE user_id = $1 FOR UPDATE", userId);
        if (await read.ExecuteScalarAsync() is not string current)
        {
            return Results.NotFound();
        }

        var journey = JsonNode.Parse(current)!.AsObject();
        var step = journey["tasks"]!.AsArray().SelectMany(task => task!["subTasks"]!.AsArray()).First(s => s!["key"]!.GetValue<string>() == key)!;
        step["scheduledAt"] = scheduledAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var answer = journey.ToJsonString();
        await using var update = Command(transaction, "UPDATE bench_journeys SET doc = $2::jsonb, updated_at = now() WHERE user_id = $1", userId, answer);
        await update.ExecuteNonQueryAsync();
        return Results.Text(answer, "application/json; charset=utf-8");
    }

    private static NpgsqlCommand Command(NpgsqlTransaction transaction, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
