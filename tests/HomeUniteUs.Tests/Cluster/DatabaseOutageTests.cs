using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using HomeUniteUs.Observability;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.Integration.Workbench;
using Npgsql;
using Xunit.Abstractions;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// PostgreSQL stops under load on every capability (its own server, so no other test notices): every
/// answer is 2xx or 503 with Retry-After, never a 500; every acknowledged write is there afterwards,
/// and a refused one is there only if its commit reply was lost in the stop (whole, at most one per
/// lane); the service recovers without a restart. The capabilities are the rows of
/// <see cref="Capabilities"/>: a new route is covered by adding a row.
/// </summary>
public sealed class DatabaseOutageTests(DatabaseOutageTests.OwnDatabaseStack stack, ITestOutputHelper output) : IClassFixture<DatabaseOutageTests.OwnDatabaseStack>
{
    /// <summary>
    /// How long after PostgreSQL is back every capability must work again: the first call of each
    /// process clears its pools and retries once, so recovery takes one call; the bound is for a
    /// loaded two-core machine running other engineers' stacks besides these processes.
    /// </summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the load may take to reach a state (each lane's first write before the outage, each
    /// lane's first 503 in it): a lane is one request at a time, and a request to a stopped database
    /// fails at its first connection attempt, so seconds suffice; the bound is for a loaded machine.
    /// </summary>
    private static readonly TimeSpan LoadBound = TimeSpan.FromSeconds(90);

    /// <summary>True from the moment pg-down.sh has stopped PostgreSQL until pg-up.sh is started.</summary>
    private volatile bool databaseStopped;

    private enum Kind
    {
        /// <summary>No write: the read must keep answering 2xx or 503.</summary>
        Read,

        /// <summary>Each write makes a new entity named by its marker.</summary>
        Create,

        /// <summary>Each write replaces the lane's one value with its marker.</summary>
        Overwrite,
    }

    /// <summary>A request of the load.</summary>
    private sealed record Call(HttpMethod Method, string Path, string Token, string? Json = null);

    /// <summary>The caller of a lane and the entity it works on (0 for none), made while the database is up.</summary>
    private sealed record Subject(TestAccount Caller, long Id);

    /// <summary>
    /// One capability under load. <paramref name="NewMarker"/> makes the lane's n-th marker (unique in the lane),
    /// <paramref name="Write"/> the request that stores it; <paramref name="Read"/> reads back (the created entity's id for a create), and
    /// <paramref name="Current"/> finds the marker in the read's answer. <paramref name="Stored"/> says
    /// whether a marker is in the store (null: in grain storage as text); for a capability with a second
    /// system (Cognito) it also says whether the two agree. <paramref name="Fired"/> counts the reminder_due
    /// events of a scheduled time (a capability that schedules reminders).
    /// </summary>
    private sealed record Capability(
        string Name,
        Kind Kind,
        Func<OwnDatabaseStack, Task<Subject>> Prepare,
        Func<int, string>? NewMarker,
        Func<Subject, string, Call>? Write,
        Func<Subject, string?, Call>? Read,
        Func<JsonElement, string?> Current,
        Func<JsonElement, string?>? CreatedId = null,
        Func<OwnDatabaseStack, string, Task<Stored>>? Stored = null,
        int Lanes = 1,
        Func<OwnDatabaseStack, Subject, string, Task<long>>? Fired = null);

    /// <summary>Where a marker is: in the store or not, and whether a second system disagrees.</summary>
    private sealed record Stored(bool Present, string? Disagreement = null);

    /// <summary>Scheduled times in the past, so that the reminder of each schedule is due at once (API.md, "Reminders").</summary>
    private static readonly DateTimeOffset Times = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Time(int n) => Times.AddMinutes(n).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string? SameTime(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
        : null;

    private static string Marker(string what, int n) => $"{what}{n}x{Guid.NewGuid():N}"[..32];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Task<TestAccount> Admin(OwnDatabaseStack stack) => stack.Seeded("admin@example.com");

    /// <summary>Every capability the outage drives, the workbench's included (notes, activity, statistics, and reminders through the schedules of journeys and matches).</summary>
    private static readonly Capability[] Capabilities =
    [
        new("housing orgs", Kind.Create,
            async s => new Subject(await Admin(s), 0),
            n => Marker("Org", n),
            (who, name) => new Call(HttpMethod.Post, "/api/housing-orgs", who.Caller.AccessToken, $$"""{"org_name":"{{name}}"}"""),
            (who, id) => new Call(HttpMethod.Get, $"/api/housing-orgs/{id}", who.Caller.AccessToken),
            body => body.GetProperty("org_name").GetString(),
            CreatedId: body => body.GetProperty("housing_org_id").GetInt64().ToString(CultureInfo.InvariantCulture),
            Lanes: 2),
        new("current user", Kind.Read,
            async s =>
            {
                var admin = await Admin(s);
                return new Subject(admin, admin.UserId);
            },
            null,
            null,
            (who, _) => new Call(HttpMethod.Get, "/api/users/current", who.Caller.AccessToken),
            body => Id(body.GetProperty("id").GetInt64())),
        new("intake answers", Kind.Overwrite,
            async s =>
            {
                var guest = await TestAccounts.SignUp(s, "guest");
                return new Subject(guest, guest.UserId);
            },
            n => Marker("Intro", n),
            (who, intro) => new Call(HttpMethod.Put, $"/api/intake-profile/responses/{who.Id}", who.Caller.AccessToken, $$"""{"responses":[{"fieldId":"introduction","value":"{{intro}}"}]}"""),
            (who, _) => new Call(HttpMethod.Get, $"/api/intake-profile/responses/{who.Id}", who.Caller.AccessToken),
            body => body.GetProperty("responses").EnumerateArray().Where(r => r.GetProperty("fieldId").GetString() == "introduction")
                .Select(r => r.GetProperty("value").GetString()).FirstOrDefault()),
        new("guest cases", Kind.Overwrite,
            async s => new Subject(await Admin(s), (await TestAccounts.SignUp(s, "guest")).UserId),
            n => Marker("Notes", n),
            (who, notes) => new Call(HttpMethod.Put, $"/api/coordinator/cases/{who.Id}", who.Caller.AccessToken, $$"""{"notes":"{{notes}}"}"""),
            (who, _) => new Call(HttpMethod.Get, $"/api/coordinator/cases/{who.Id}", who.Caller.AccessToken),
            body => body.GetProperty("notes").GetString()),
        new("invites", Kind.Create,
            async s => new Subject(await Admin(s), 0),
            n => $"{Marker("invited", n).ToLowerInvariant()}@example.com",
            (who, email) => new Call(HttpMethod.Post, "/api/auth/invite", who.Caller.AccessToken, $$"""{"email":"{{email}}","firstName":"Outage"}"""),
            null,
            _ => null,
            Stored: async (s, email) =>
            {
                var stored = await StoredUsers.Count(s.ConnectionString, email) == 1;
                var inCognito = await CognitoAdmin.For(s.Environment).HasAccount(email);
                return new Stored(stored, stored == inCognito ? null : $"{email}: in the store {stored}, in Cognito {inCognito}");
            }),
        new("journeys", Kind.Overwrite,
            async s => new Subject(await Admin(s), (await new JourneyApi(s).ApprovedGuest(await Admin(s))).UserId),
            Time,
            (who, at) => new Call(HttpMethod.Post, $"/api/journeys/{who.Id}/steps/coordinator_interview", who.Caller.AccessToken, $$"""{"scheduledAt":"{{at}}"}"""),
            (who, _) => new Call(HttpMethod.Get, $"/api/journeys/{who.Id}", who.Caller.AccessToken),
            body => SameTime(body.GetProperty("tasks")[0].GetProperty("subTasks").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "coordinator_interview").GetProperty("scheduledAt")),
            Stored: (_, _) => Task.FromResult(new Stored(true)),
            Fired: (s, who, at) => RemindersDue(s.ConnectionString, "user_id = @id AND details->>'key' = 'coordinator_interview'", who.Id, at)),
        new("matches", Kind.Overwrite,
            AcceptedMatch,
            Time,
            (who, at) => new Call(HttpMethod.Post, $"/api/matches/{who.Id}/meeting", who.Caller.AccessToken, $$"""{"meetingAt":"{{at}}"}"""),
            (who, _) => new Call(HttpMethod.Get, $"/api/matches/{who.Id}", who.Caller.AccessToken),
            body => SameTime(body.GetProperty("meetingAt")),
            Stored: (_, _) => Task.FromResult(new Stored(true)),
            Fired: (s, who, at) => RemindersDue(s.ConnectionString, "(details->>'matchId')::bigint = @id", who.Id, at)),
        new("notes", Kind.Create,
            async s => new Subject(await Admin(s), (await TestAccounts.SignUp(s, "guest")).UserId),
            n => Marker("Note", n),
            (who, text) => new Call(HttpMethod.Post, $"/api/users/{who.Id}/notes", who.Caller.AccessToken, $$"""{"text":"{{text}}"}"""),
            null,
            _ => null,
            Stored: async (s, text) => new Stored(await NotesWith(s.ConnectionString, text) > 0)),
        new("activity", Kind.Read,
            async s =>
            {
                var guest = await TestAccounts.SignUp(s, "guest");
                return new Subject(await Admin(s), await LastEventOf(s.ConnectionString, guest.UserId));
            },
            null,
            null,
            (who, _) => new Call(HttpMethod.Get, $"/api/coordinator/activity?after={who.Id - 1}&limit=1", who.Caller.AccessToken),
            body => body.GetProperty("events").EnumerateArray().Select(e => Id(e.GetProperty("id").GetInt64())).FirstOrDefault()),
        new("org stats", Kind.Read,
            async s =>
            {
                var admin = await Admin(s);
                var org = await new JourneyApi(s).Ok(HttpMethod.Post, "/api/housing-orgs", admin, $$"""{"org_name":"{{Marker("Stats", 0)}}"}""", HttpStatusCode.Created);
                return new Subject(admin, org.GetProperty("housing_org_id").GetInt64());
            },
            null,
            null,
            (who, _) => new Call(HttpMethod.Get, $"/api/housing-orgs/{who.Id}/stats", who.Caller.AccessToken),
            body => Id(body.GetProperty("housingOrgId").GetInt64())),
        new("program stats", Kind.Read,
            async s => new Subject(await Admin(s), 0),
            null,
            null,
            (who, _) => new Call(HttpMethod.Get, "/api/stats", who.Caller.AccessToken),
            body => body.GetProperty("housingOrgId").ValueKind == JsonValueKind.Null && body.GetProperty("byOrg").ValueKind == JsonValueKind.Array ? "0" : null),
    ];

    /// <summary>The id of the newest event of <paramref name="userId"/> (made while the database is up).</summary>
    private static async Task<long> LastEventOf(string connectionString, long userId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT max(id) FROM huu_activity WHERE user_id = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many reminder_due events of the subject (<paramref name="subject"/>, naming <c>@id</c>) were kept for the scheduled time <paramref name="at"/>.</summary>
    private static async Task<long> RemindersDue(string connectionString, string subject, long id, string at)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM huu_activity WHERE type = 'reminder_due' AND {subject} AND (details->>'scheduledAt')::timestamptz = @at", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("at", DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).ToUniversalTime());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many notes (huu_notes) have this text together with their note_added event (huu_activity).</summary>
    private static async Task<long> NotesWith(string connectionString, string text)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM huu_notes n JOIN huu_activity a ON a.source_key = 'note:' || n.id WHERE n.text = @text", connection);
        command.Parameters.AddWithValue("text", text);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A match both sides accepted, whose meeting the admin schedules again and again.</summary>
    private static async Task<Subject> AcceptedMatch(OwnDatabaseStack stack)
    {
        var api = new JourneyApi(stack);
        var admin = await Admin(stack);
        var guest = await api.ApprovedGuest(admin);
        var host = await api.ApprovedHost(reviewer: admin);
        await api.Train(guest, admin);
        await api.Train(host, admin);
        var id = await api.Propose(admin, guest, host);
        await api.Ok(HttpMethod.Post, $"/api/matches/{id}/respond", guest, """{"accept":true}""");
        await api.Ok(HttpMethod.Post, $"/api/matches/{id}/respond", host, """{"accept":true}""");
        return new Subject(admin, id);
    }

    private sealed record Outcome(string Lane, string Request, int Status, bool RetryAfter, string? Code);

    /// <summary>One worker on one capability's subject: a write and its read-back at a time, and what they showed.</summary>
    private sealed class Lane(Capability capability, Subject subject, int number)
    {
        public Capability Capability => capability;

        public Subject Subject => subject;

        public string Name => $"{capability.Name}#{number}";

        /// <summary>Created entities by marker (Create), with the id the answer gave.</summary>
        public ConcurrentDictionary<string, string?> Acknowledged { get; } = new();

        public ConcurrentBag<string> Refused { get; } = [];

        /// <summary>The last acknowledged marker (Overwrite) and the refused ones after it, one of which may have been applied.</summary>
        public string? LastAcknowledged { get; set; }

        public List<string> RefusedSinceAcknowledged { get; } = [];

        /// <summary>Refused writes a read showed applied: a commit reply lost in the stop.</summary>
        public HashSet<string> AppliedDespite503 { get; } = [];

        public ConcurrentBag<string> Violations { get; } = [];

        public int Unavailable;
        public int Successes;
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("immediate")]
    public async Task Stopping_the_database_under_load_answers_503_on_every_capability_loses_nothing_and_recovers_without_restart(string shutdown)
    {
        var subjects = await Task.WhenAll(Capabilities.SelectMany(c => Enumerable.Range(1, c.Lanes).Select(async n => (c, n, await c.Prepare(stack)))));
        var lanes = subjects.Select(s => new Lane(s.c, s.Item3, s.n)).ToList();
        var outcomes = new ConcurrentBag<Outcome>();
        using var stopLoad = new CancellationTokenSource();
        var workers = lanes.Select(lane => Load(lane, outcomes, stopLoad.Token)).ToList();

        await Until(() => lanes.All(l => l.Successes > 0), LoadBound, "every lane answered before the outage", lanes);
        var processes = stack.Silos.Append(stack.Gateway).Distinct().ToList();
        var logsFrom = processes.Select(p => p.Output.Length).ToList();
        await ShellScript.Run("pg-down.sh", stack.PostgresDir, shutdown);
        databaseStopped = true;

        // Readiness names the database once its reused result (2 s) is stale and a check failed (at most 4 s).
        JsonElement? notReady = null;
        await Until(async () => (notReady = await NotReady()) is not null, LoadBound, "readiness answered 503", lanes);
        Assert.Contains("database", notReady!.Value.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains("database", notReady.Value.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The outage lasts until every writing lane was refused at least once: each capability is driven in it.
        await Until(() => lanes.Where(l => l.Capability.Kind != Kind.Read).All(l => l.Unavailable > 0), LoadBound, "every writing lane answered 503 in the outage", lanes);
        databaseStopped = false;
        await ShellScript.Run("pg-up.sh", stack.PostgresDir);
        NpgsqlConnection.ClearAllPools(); // this process's own connections (StoredUsers) died with the server
        var back = Stopwatch.StartNew();
        var successesAtReturn = lanes.Select(l => Volatile.Read(ref l.Successes)).ToList();

        // Recovered: every lane succeeded twice more (a write and its read-back), and readiness is green.
        await Until(async () => lanes.Select((l, i) => Volatile.Read(ref l.Successes) - successesAtReturn[i]).All(n => n >= 2) && await Ready(),
            RecoveryBound, "every capability worked again after PostgreSQL returned", lanes);
        var recovered = back.Elapsed;
        await stopLoad.CancelAsync();
        await Task.WhenAll(workers);
        output.WriteLine($"{shutdown}: {outcomes.Count} requests; " + string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))
            + $"; every capability worked {recovered.TotalSeconds:0.0} s after PostgreSQL was back");
        foreach (var lane in lanes)
        {
            output.WriteLine($"{lane.Name}: {lane.Successes} successes, {lane.Unavailable} 503s, {lane.Acknowledged.Count} created, {lane.Refused.Count} refused, {lane.AppliedDespite503.Count} applied despite 503");
        }

        // The outage is in each process's log as a start (an error) and an end with a count, not as an error per
        // refused request (README, "Outages"). Orleans' own timers (the gateway list, membership) may add a few.
        await Task.Delay(OutageLog.Quiet);
        Assert.True(await Ready());
        for (var p = 0; p < processes.Count; p++)
        {
            var (process, from) = (processes[p], logsFrom[p]);

            // The end is logged at the first success at least OutageLog.Quiet after the last refusal: the request above made one.
            await Until(() => process.Output[from..].Contains("is available again", StringComparison.Ordinal), LoadBound, $"{process.Name} logged the end of the outage", lanes);
            var lines = process.Output[from..].Split('\n');
            var errors = lines.Where(l => l.Contains("fail: ", StringComparison.Ordinal) || l.Contains("crit: ", StringComparison.Ordinal)).ToList();
            var ours = errors.Where(l => l.Contains(": HomeUniteUs.", StringComparison.Ordinal)).ToList();
            output.WriteLine($"{process.Name}: {errors.Count} error lines in the outage ({ours.Count} ours); end: {lines.First(l => l.Contains("is available again", StringComparison.Ordinal))}");
            Assert.True(ours.Count <= 2 && errors.Count <= 10, $"{process.Name}: {errors.Count} error lines in one outage ({ours.Count} ours):\n" + string.Join("\n", errors.Take(20)));
        }

        var failures = outcomes.Where(o => o.Status != 503 && o.Status >= 500 || o.Status == 0).ToList();
        Assert.True(failures.Count == 0, "Not 2xx/4xx/503: " + string.Join(", ", failures.Take(20)));
        var unexpected = outcomes.Where(o => o.Status is >= 300 and < 500).ToList();
        Assert.True(unexpected.Count == 0, "Refused as bad requests: " + string.Join(", ", unexpected.Take(20)));
        var unavailable = outcomes.Where(o => o.Status == 503).ToList();
        Assert.All(unavailable, o => Assert.True(o.RetryAfter && o.Code == "SERVICE_UNAVAILABLE", o.ToString()));

        var violations = new List<string>();
        foreach (var lane in lanes)
        {
            violations.AddRange(lane.Violations);
            violations.AddRange(await Afterwards(lane));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>
    /// The activity stream open through an outage (API.md, "Activity"): it stays open, and the events of changes made
    /// after PostgreSQL is back reach it without a reconnect, each once and in id order; a change refused in the
    /// outage sends nothing.
    /// </summary>
    [Fact]
    public async Task A_stream_open_through_the_outage_delivers_the_events_after_it_without_a_reconnect()
    {
        var admin = await Admin(stack);
        var guest = await TestAccounts.SignUp(stack, "guest");
        await using var stream = await EventStreamReader.Open(stack.Http, admin);
        var before = await AddNote(admin, guest.UserId, Marker("Before", 0));
        await stream.EventsUntil(f => EventStreamReader.IsNote(f, before!.Value), LoadBound);

        await ShellScript.Run("pg-down.sh", stack.PostgresDir, "fast");
        var refused = new List<string>();
        try
        {
            // Refused once the service meets the stopped database (its first connection attempt fails): a bounded poll.
            // That first refusal may be kept (its commit reply lost in the stop); the notes sent after it may not.
            await Until(async () => await AddNote(admin, guest.UserId, Marker("During", 0)) is null, LoadBound, "a note refused in the outage", []);
            for (var n = 1; n <= 3; n++)
            {
                refused.Add(Marker("During", n));
                Assert.Null(await AddNote(admin, guest.UserId, refused[^1]));
            }
        }
        finally
        {
            await ShellScript.Run("pg-up.sh", stack.PostgresDir);
            NpgsqlConnection.ClearAllPools();
        }

        long? after = null;
        await Until(async () => (after = await AddNote(admin, guest.UserId, Marker("After", 0))) is not null, RecoveryBound, "a note accepted after PostgreSQL returned", []);
        var frames = await stream.EventsUntil(f => EventStreamReader.IsNote(f, after!.Value), RecoveryBound);

        var ids = frames.Select(f => long.Parse(f.Id!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);

        var refusedKept = new List<string>();
        foreach (var text in refused)
        {
            if (await NotesWith(stack.ConnectionString, text) > 0)
            {
                refusedKept.Add(text);
            }
        }

        Assert.True(refusedKept.Count == 0, "refused notes kept: " + string.Join(", ", refusedKept));
    }

    /// <summary>Adds a note: its id, or null when refused with 503 and Retry-After (anything else fails the test).</summary>
    private async Task<long?> AddNote(TestAccount caller, long userId, string text)
    {
        using var response = await new JourneyApi(stack).Send(HttpMethod.Post, $"/api/users/{userId}/notes", caller.AccessToken, $$"""{"text":"{{text}}"}""");
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await Error(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.NotNull(response.Headers.RetryAfter);
            return null;
        }

        return (await Json(response, HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    /// <summary>What the lane's writes left behind, read once the load stopped: acknowledged kept, refused not applied (one reply lost at most).</summary>
    private async Task<List<string>> Afterwards(Lane lane)
    {
        var found = new List<string>();
        var capability = lane.Capability;
        async Task<Stored> StoredOf(string marker) => capability.Stored is { } stored
            ? await stored(stack, marker)
            : new Stored(await StoredUsers.RowsMentioning(stack.ConnectionString, marker) > 0);

        switch (capability.Kind)
        {
            case Kind.Create:
                foreach (var (marker, id) in lane.Acknowledged)
                {
                    var stored = await StoredOf(marker);
                    if (!stored.Present || stored.Disagreement is not null)
                    {
                        found.Add($"{lane.Name}: acknowledged {marker} is lost ({stored})");
                    }

                    if (capability.Read is { } read && await Read(lane, read(lane.Subject, id)) != marker)
                    {
                        found.Add($"{lane.Name}: acknowledged {marker} does not read back");
                    }
                }

                var applied = 0;
                foreach (var marker in lane.Refused)
                {
                    var stored = await StoredOf(marker);

                    // A flow undone in part when the database stopped is finished by the silo's sweep of pending flows
                    // (every 10 s, backing off while it fails): a bounded poll of that other process, 100 s on a loaded machine.
                    for (var waited = Stopwatch.StartNew(); stored.Disagreement is not null && waited.Elapsed < TimeSpan.FromSeconds(100); stored = await StoredOf(marker))
                    {
                        await Task.Delay(1000);
                    }

                    if (stored.Disagreement is not null)
                    {
                        found.Add($"{lane.Name}: refused {marker} is half-done: {stored.Disagreement}");
                    }

                    applied += stored.Present ? 1 : 0;
                }

                if (applied > 1)
                {
                    found.Add($"{lane.Name}: {applied} refused writes were applied (at most the one whose reply the stop lost)");
                }

                break;
            case Kind.Overwrite:
                var current = await Read(lane, capability.Read!(lane.Subject, null));
                if (current != lane.LastAcknowledged && !lane.RefusedSinceAcknowledged.Contains(current!))
                {
                    found.Add($"{lane.Name}: reads {current}, the last acknowledged write was {lane.LastAcknowledged}");
                }
                else if (current is not null && !(await StoredOf(current)).Present)
                {
                    found.Add($"{lane.Name}: {current} is served but not in the store");
                }

                if (lane.AppliedDespite503.Count + (current == lane.LastAcknowledged ? 0 : 1) > 1)
                {
                    found.Add($"{lane.Name}: refused writes seen applied: {string.Join(", ", lane.AppliedDespite503)}");
                }

                if (capability.Fired is { } fired)
                {
                    found.AddRange(await Reminded(lane, current, fired));
                }

                break;
            case Kind.Read:
                break;
        }

        return found;
    }

    /// <summary>
    /// The schedule the lane ends with fires its reminder exactly once after the outage, and a refused schedule fires
    /// none (but the one whose commit reply the stop may have lost). Its time is past, so its reminder is due at
    /// once; one whose first attempt met the stopped database is retried by its durable reminder (every minute):
    /// a bounded poll of the silo, 150 s for a retry period on a loaded machine.
    /// </summary>
    private async Task<List<string>> Reminded(Lane lane, string? current, Func<OwnDatabaseStack, Subject, string, Task<long>> fired)
    {
        var found = new List<string>();
        if (current is not null)
        {
            var count = await fired(stack, lane.Subject, current);
            for (var waited = Stopwatch.StartNew(); count == 0 && waited.Elapsed < TimeSpan.FromSeconds(150); count = await fired(stack, lane.Subject, current))
            {
                await Task.Delay(1000);
            }

            if (count != 1)
            {
                found.Add($"{lane.Name}: the schedule it ends with ({current}) fired {count} reminder_due events, not one");
            }
        }

        var refusedFired = new List<string>();
        foreach (var marker in lane.Refused.Distinct())
        {
            if (marker != current && await fired(stack, lane.Subject, marker) > 0)
            {
                refusedFired.Add(marker);
            }
        }

        if (refusedFired.Count + (current is not null && current != lane.LastAcknowledged ? 1 : 0) > 1)
        {
            found.Add($"{lane.Name}: refused schedules fired their reminders: {string.Join(", ", refusedFired)}");
        }

        return found;
    }

    private async Task Load(Lane lane, ConcurrentBag<Outcome> outcomes, CancellationToken stop)
    {
        var capability = lane.Capability;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            string? created = null;
            if (capability.Write is { } write)
            {
                var marker = capability.NewMarker!(n);
                var sentWhileStopped = databaseStopped;
                var (status, body) = await Send(lane, write(lane.Subject, marker), outcomes);
                if (status is >= 200 and < 300)
                {
                    if (sentWhileStopped && databaseStopped)
                    {
                        // Sent after PostgreSQL had stopped and answered before it was started: it cannot be stored.
                        lane.Violations.Add($"{lane.Name}: {marker} acknowledged while PostgreSQL was stopped");
                    }

                    Interlocked.Increment(ref lane.Successes);
                    if (capability.Kind == Kind.Create)
                    {
                        created = capability.CreatedId?.Invoke(body!.Value);
                        lane.Acknowledged[marker] = created;
                    }
                    else
                    {
                        lane.LastAcknowledged = marker;
                        lane.RefusedSinceAcknowledged.Clear();
                    }
                }
                else if (status == 503)
                {
                    lane.Refused.Add(marker);
                    lane.RefusedSinceAcknowledged.Add(marker);
                }

                if (capability.Kind == Kind.Create && (created is null || capability.Read is null))
                {
                    continue;
                }
            }

            if (capability.Kind == Kind.Read)
            {
                // A read served from memory answers at once: a pause keeps this lane from taking the machine.
                await Task.Delay(20, CancellationToken.None);
            }

            var (readStatus, readBody) = await Send(lane, capability.Read!(lane.Subject, created), outcomes);
            if (readStatus != 200)
            {
                continue;
            }

            Interlocked.Increment(ref lane.Successes);
            var shown = capability.Current(readBody!.Value);
            var expected = capability.Kind switch
            {
                Kind.Read => Id(lane.Subject.Id),
                Kind.Create => lane.Acknowledged.Single(a => a.Value == created).Key,
                _ => lane.LastAcknowledged,
            };
            if (shown == expected || expected is null)
            {
                continue;
            }

            if (capability.Kind == Kind.Overwrite && shown is not null && lane.RefusedSinceAcknowledged.Contains(shown))
            {
                lane.AppliedDespite503.Add(shown);
            }
            else
            {
                lane.Violations.Add($"{lane.Name}: read {shown}, expected {expected}");
            }
        }
    }

    private async Task<(int Status, JsonElement? Body)> Send(Lane lane, Call call, ConcurrentBag<Outcome> outcomes)
    {
        var what = $"{call.Method} {call.Path}";
        try
        {
            using var request = ServiceStack.Request(call.Method, call.Path, call.Token, call.Json is null ? null : JsonContent(call.Json));
            // Not cancelled when the load stops: a write under way finishes and its answer is recorded.
            using var response = await stack.Http.SendAsync(request, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            var body = text.StartsWith('{') || text.StartsWith('[') ? JsonDocument.Parse(text).RootElement.Clone() : (JsonElement?)null;
            var status = (int)response.StatusCode;
            var code = status >= 400 && body is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("code", out var c) ? c.GetString() : null;
            outcomes.Add(new Outcome(lane.Name, what, status, response.Headers.RetryAfter is not null, code));
            if (status == 503)
            {
                Interlocked.Increment(ref lane.Unavailable);
            }

            return (status, body);
        }
        catch (HttpRequestException e)
        {
            outcomes.Add(new Outcome(lane.Name, what + " " + e.Message, 0, false, null));
        }
        catch (OperationCanceledException)
        {
            outcomes.Add(new Outcome(lane.Name, what + " timed out", 0, false, null));
        }

        return (-1, null);
    }

    /// <summary>A read once the load stopped: the marker it shows.</summary>
    private async Task<string?> Read(Lane lane, Call call)
    {
        using var request = ServiceStack.Request(call.Method, call.Path, call.Token);
        using var response = await stack.Http.SendAsync(request);
        return lane.Capability.Current(await Json(response, HttpStatusCode.OK));
    }

    private async Task<JsonElement?> NotReady()
    {
        using var ready = await stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        return ready.StatusCode == HttpStatusCode.ServiceUnavailable ? await Error(ready, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE") : null;
    }

    private async Task<bool> Ready()
    {
        using var ready = await stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        return ready.IsSuccessStatusCode;
    }

    private static Task Until(Func<bool> done, TimeSpan bound, string what, List<Lane> lanes) => Until(() => Task.FromResult(done()), bound, what, lanes);

    /// <summary>A bounded poll of the other processes' progress (the bound's reason is at each bound).</summary>
    private static async Task Until(Func<Task<bool>> done, TimeSpan bound, string what, List<Lane> lanes)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < bound, $"Not {what} within {bound.TotalSeconds} s: "
                + string.Join("; ", lanes.Select(l => $"{l.Name} {l.Successes} ok, {l.Unavailable} 503")));
            await Task.Delay(200);
        }
    }

    /// <summary>A stack on a PostgreSQL server of its own, which the test stops and starts.</summary>
    public sealed class OwnDatabaseStack : ServiceStack
    {
        public string PostgresDir { get; } = Path.Combine(RepoPaths.Root, ".artifacts", "outage-pg-" + Guid.NewGuid().ToString("N")[..8]);

        protected override async Task ConfigureAsync(Dictionary<string, string> environment) =>
            environment["DATABASE_URL"] = (await ShellScript.Run("pg-up.sh", PostgresDir))["DATABASE_URL"];

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await ShellScript.Run("pg-down.sh", PostgresDir, "immediate");
            Directory.Delete(PostgresDir, recursive: true);
        }
    }
}
