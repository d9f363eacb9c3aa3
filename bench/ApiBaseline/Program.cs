using System.Text.Json;
using HomeUniteUs.Bench;
using Npgsql;

// The two reference points of bench/api.sh, on the same three routes as the API:
//   ApiBaseline memory DIR          answers the JSON files DIR/org.json, DIR/orgs.json and DIR/user.json
//                                   from memory: the ceiling of the web stack on this machine
//   ApiBaseline query DIR DB_URL    one Npgsql query per request on tables it fills from the same
//                                   files: the stateless design the grain cache is compared with; when
//                                   DIR/writes.json exists, also the four write routes (QueryWrites.cs)
//   ApiBaseline file FILE PATH      answers GET PATH with the bytes of FILE from memory: the ceiling of
//                                   the web stack for one large answer (bench/dashboard.sh tenancy)
// Listens on ASPNETCORE_URLS (127.0.0.1 only). Prints "ready" on stdout once it listens.
if (args.Length < 2 || args[0] is not ("memory" or "query" or "file") || (args[0] is "query" or "file" && args.Length < 3))
{
    await Console.Error.WriteLineAsync("usage: ApiBaseline memory DIR | ApiBaseline query DIR DATABASE_URL | ApiBaseline file FILE PATH");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
await using var app = builder.Build();
if (args[0] == "file")
{
    var body = await File.ReadAllBytesAsync(args[1]);
    app.MapGet(args[2], () => Json(body));
    await app.StartAsync();
    Console.WriteLine("ready");
    await app.WaitForShutdownAsync();
    return 0;
}

var fixture = await BaselineFixture.Load(args[1]);
if (args[0] == "memory")
{
    app.MapGet("/api/housing-orgs/{id}", (long id) => id == fixture.OrgId ? Json(fixture.Org) : Results.NotFound());
    app.MapGet("/api/housing-orgs", () => Json(fixture.Orgs));
    app.MapGet("/api/users/current", () => Json(fixture.User));
}
else
{
    var queries = await QueryPerRequest.Create(args[2], fixture);
    app.MapGet("/api/housing-orgs/{id}", async (long id) => await queries.Org(id) is { } org ? Json(org) : Results.NotFound());
    app.MapGet("/api/housing-orgs", async () => Json(await queries.Orgs()));
    app.MapGet("/api/users/current", async (HttpRequest request) =>
        await queries.User(request.Headers.Authorization.ToString()) is { } user ? Json(user) : Results.Unauthorized());
    if (await WriteFixture.Load(args[1]) is { } writeFixture)
    {
        (await QueryWrites.Create(queries.Data, writeFixture)).Map(app);
    }
}

await app.StartAsync();
Console.WriteLine("ready");
await app.WaitForShutdownAsync();
return 0;

static IResult Json(byte[] body) => Results.Bytes(body, "application/json; charset=utf-8");

namespace HomeUniteUs.Bench
{
    /// <summary>The JSON bodies the API answered, captured by bench/api.sh, and the ids in them.</summary>
    internal sealed record BaselineFixture(byte[] Org, byte[] Orgs, byte[] User, long OrgId, string UserSubject)
    {
        public static async Task<BaselineFixture> Load(string directory)
        {
            var org = await File.ReadAllBytesAsync(Path.Combine(directory, "org.json"));
            var orgs = await File.ReadAllBytesAsync(Path.Combine(directory, "orgs.json"));
            var user = await File.ReadAllBytesAsync(Path.Combine(directory, "user.json"));
            var subject = (await File.ReadAllTextAsync(Path.Combine(directory, "subject.txt"))).Trim();
            using var orgDocument = JsonDocument.Parse(org);
            return new BaselineFixture(org, orgs, user, orgDocument.RootElement.GetProperty("housing_org_id").GetInt64(), subject);
        }
    }

    /// <summary>
    /// One query per request on tables of its own (bench_housing_orgs, bench_users), filled from the
    /// fixture; rows are serialized per request, as a stateless service would. The user is found by
    /// the token's subject, read without verifying the signature (which only flatters this variant).
    /// </summary>
    internal sealed class QueryPerRequest(NpgsqlDataSource data)
    {
        public NpgsqlDataSource Data => data;

        private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

        public static async Task<QueryPerRequest> Create(string databaseUrl, BaselineFixture fixture)
        {
            var uri = new Uri(databaseUrl.Replace("postgresql+psycopg2://", "postgresql://", StringComparison.Ordinal));
            var credentials = uri.UserInfo.Split(':');
            var connection = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.Port,
                Database = uri.AbsolutePath.TrimStart('/'),
                Username = Uri.UnescapeDataString(credentials[0]),
                Password = Uri.UnescapeDataString(credentials[1]),
                MaxPoolSize = 64,
            };
            var data = NpgsqlDataSource.Create(connection.ConnectionString);
            await Fill(data, fixture);
            return new QueryPerRequest(data);
        }

        public async Task<byte[]?> Org(long id)
        {
            await using var command = data.CreateCommand("SELECT housing_org_id, org_name FROM bench_housing_orgs WHERE housing_org_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? JsonSerializer.SerializeToUtf8Bytes(new OrgRow(reader.GetInt64(0), reader.GetString(1))) : null;
        }

        public async Task<byte[]> Orgs()
        {
            await using var command = data.CreateCommand("SELECT housing_org_id, org_name FROM bench_housing_orgs ORDER BY housing_org_id");
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<OrgRow>();
            while (await reader.ReadAsync())
            {
                rows.Add(new OrgRow(reader.GetInt64(0), reader.GetString(1)));
            }

            return JsonSerializer.SerializeToUtf8Bytes(rows);
        }

        public async Task<byte[]?> User(string authorization)
        {
            if (Subject(authorization) is not { } subject)
            {
                return null;
            }

            await using var command = data.CreateCommand(
                "SELECT id, email, first_name, middle_name, last_name, role_id, role FROM bench_users WHERE sub = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = subject });
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            var user = new UserRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                new RoleRow(reader.GetInt32(5), reader.GetString(6)));
            return JsonSerializer.SerializeToUtf8Bytes(user, Web);
        }

        internal static string? Subject(string authorization)
        {
            var parts = authorization.Split('.');
            if (parts.Length != 3)
            {
                return null;
            }

            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Convert.FromBase64String(payload));
            return claims.RootElement.TryGetProperty("sub", out var sub) ? sub.GetString() : null;
        }

        private static async Task Fill(NpgsqlDataSource data, BaselineFixture fixture)
        {
            await using (var create = data.CreateCommand("""
                DROP TABLE IF EXISTS bench_housing_orgs, bench_users;
                CREATE TABLE bench_housing_orgs (housing_org_id bigint PRIMARY KEY, org_name text NOT NULL);
                CREATE TABLE bench_users (sub text PRIMARY KEY, id bigint NOT NULL, email text NOT NULL, first_name text NOT NULL,
                    middle_name text, last_name text, role_id int NOT NULL, role text NOT NULL);
                """))
            {
                await create.ExecuteNonQueryAsync();
            }

            foreach (var org in JsonSerializer.Deserialize<List<OrgRow>>(fixture.Orgs)!)
            {
                await using var insert = data.CreateCommand("INSERT INTO bench_housing_orgs VALUES ($1, $2)");
                insert.Parameters.Add(new NpgsqlParameter { Value = org.HousingOrgId });
                insert.Parameters.Add(new NpgsqlParameter { Value = org.OrgName });
                await insert.ExecuteNonQueryAsync();
            }

            var user = JsonSerializer.Deserialize<UserRow>(fixture.User, Web)!;
            await using var insertUser = data.CreateCommand("INSERT INTO bench_users VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
            foreach (var value in new object?[] { fixture.UserSubject, user.Id, user.Email, user.FirstName, user.MiddleName, user.LastName, user.Role.Id, user.Role.Type })
            {
                insertUser.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            await insertUser.ExecuteNonQueryAsync();
        }
    }

    internal sealed record OrgRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("housing_org_id")] long HousingOrgId,
        [property: System.Text.Json.Serialization.JsonPropertyName("org_name")] string OrgName);

    internal sealed record UserRow(long Id, string Email, string FirstName, string? MiddleName, string? LastName, RoleRow Role);

    internal sealed record RoleRow(int Id, string Type);
}
