using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Usage: StreamLoad API_URL GATEWAY_PID STREAMS EVENTS INTERVAL_MS
// Opens STREAMS streams (half as the seeded admin, half as the seeded unaffiliated coordinator), then adds EVENTS
// notes about the seeded unaffiliated guest, one every INTERVAL_MS, and measures for each note the delay from its
// 201 to its arrival on each stream. Prints one line: "p50 p99 max_p50 max_p99 delivered expected rss_before rss_open rss_after".
var api = new Uri(args[0]);
var gatewayPid = int.Parse(args[1], CultureInfo.InvariantCulture);
var streams = int.Parse(args[2], CultureInfo.InvariantCulture);
var events = int.Parse(args[3], CultureInfo.InvariantCulture);
var interval = TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture));

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = streams + 16, UseCookies = false })
{
    BaseAddress = api,
    Timeout = Timeout.InfiniteTimeSpan,
};

var admin = (await SignIn("admin@example.com")).Token;
var coordinator = (await SignIn("coordinatora@example.com")).Token;
var guestId = (await SignIn("guesta@example.com")).UserId;
var rssBefore = RssMb(gatewayPid);

var clock = Stopwatch.StartNew();
var arrivals = new ConcurrentDictionary<long, ConcurrentBag<double>>();
using var stop = new CancellationTokenSource();
var opened = new CountdownEvent(streams);
var readers = Enumerable.Range(0, streams).Select(i => Task.Run(() => Read(i % 2 == 0 ? admin : coordinator))).ToList();
if (!opened.Wait(TimeSpan.FromSeconds(120)))
{
    throw new InvalidOperationException($"only {streams - opened.CurrentCount} of {streams} streams opened");
}

await Task.Delay(TimeSpan.FromSeconds(2));
var rssOpen = RssMb(gatewayPid);

var created = new Dictionary<long, double>();
var next = clock.Elapsed;
for (var i = 0; i < events; i++)
{
    next += interval;
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{guestId}/notes")
    {
        Content = JsonContent.Create(new { text = $"bench note {i}" }),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
    using var response = await http.SendAsync(request);
    var at = clock.Elapsed.TotalMilliseconds;
    response.EnsureSuccessStatusCode();
    var note = await response.Content.ReadFromJsonAsync<JsonElement>();
    created[note.GetProperty("id").GetInt64()] = at;
    var wait = next - clock.Elapsed;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }
}

var deadline = clock.Elapsed + TimeSpan.FromSeconds(15);
while (clock.Elapsed < deadline && created.Keys.Any(id => !arrivals.TryGetValue(id, out var bag) || bag.Count < streams))
{
    await Task.Delay(100);
}

var rssAfter = RssMb(gatewayPid);
await stop.CancelAsync();

var delays = new List<double>();
var toAll = new List<double>();
foreach (var (id, at) in created)
{
    var got = arrivals.TryGetValue(id, out var bag) ? bag.Select(t => Math.Max(0, t - at)).ToList() : [];
    delays.AddRange(got);
    if (got.Count == streams)
    {
        toAll.Add(got.Max());
    }
}

Console.WriteLine(string.Join(' ', [
    Percentile(delays, 0.50), Percentile(delays, 0.99), Percentile(toAll, 0.50), Percentile(toAll, 0.99),
    delays.Count.ToString(CultureInfo.InvariantCulture), ((long)events * streams).ToString(CultureInfo.InvariantCulture),
    rssBefore, rssOpen, rssAfter]));
return 0;

async Task Read(string token)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/coordinator/activity/stream");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
    response.EnsureSuccessStatusCode();
    opened.Signal();
    using var body = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
    try
    {
        while (await body.ReadLineAsync(stop.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var at = clock.Elapsed.TotalMilliseconds;
                using var data = JsonDocument.Parse(line["data: ".Length..]);
                if (data.RootElement.GetProperty("type").GetString() == "note_added")
                {
                    var noteId = data.RootElement.GetProperty("details").GetProperty("noteId").GetInt64();
                    arrivals.GetOrAdd(noteId, _ => []).Add(at);
                }
            }
        }
    }
    catch (OperationCanceledException)
    {
        // The run is over.
    }
}

async Task<(string Token, long UserId)> SignIn(string email)
{
    using var response = await http.PostAsJsonAsync("/api/auth/signin", new { email, password = "Test123!" });
    response.EnsureSuccessStatusCode();
    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    return (body.GetProperty("token").GetString()!, body.GetProperty("user").GetProperty("id").GetInt64());
}

static string Percentile(List<double> values, double p)
{
    if (values.Count == 0)
    {
        return "-";
    }

    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)].ToString("F0", CultureInfo.InvariantCulture);
}

static string RssMb(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return (kb / 1024).ToString(CultureInfo.InvariantCulture);
        }
    }

    return "?";
}
