using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// Two silo processes; one is told to stop (SIGTERM) while readers keep reading orgs and signed-in users
/// (GET /api/users/current: not cached by the gateway, a grain call every time) whose grains live on both.
/// The silo leaves gracefully (exit code 0, in far less than its shutdown timeout), and not one read fails:
/// the gateway runs a read again when its grain call met the silo that was leaving.
/// </summary>
public sealed class SiloLeavingTests(SiloLeavingTests.TwoSiloStack stack) : IClassFixture<SiloLeavingTests.TwoSiloStack>
{
    private const int Orgs = 40;
    private const int Readers = 4;

    [Fact]
    public async Task A_silo_leaving_gracefully_under_steady_reads_fails_no_read()
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        var created = new Dictionary<long, string>();
        for (var i = 0; i < Orgs; i++)
        {
            var name = $"Leaving org {i} {Guid.NewGuid():N}";
            using var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin, JsonContent($$"""{"org_name":"{{name}}"}"""));
            using var response = await stack.Http.SendAsync(request);
            created[(await Json(response, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64()] = name;
        }

        var ids = created.Keys.ToArray();
        var users = await Task.WhenAll("abcdefgh".Select(letter => stack.Seeded($"host{letter}@example.com")));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var readsWhileLeaving = 0;
        var leaving = false;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, Readers).Select(reader => Task.Run(async () =>
        {
            for (var i = reader; !stop.IsCancellationRequested; i++)
            {
                var (path, token) = (i % 3) switch
                {
                    0 => ("/api/users/current", users[i % users.Length].AccessToken),
                    1 => ($"/api/housing-orgs/{ids[i % ids.Length]}", null),
                    _ => ("/api/housing-orgs", null),
                };
                try
                {
                    using var request = ServiceStack.Request(HttpMethod.Get, path, token);
                    using var response = await stack.Http.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"GET {path}: {e.Message}");
                }

                if (Volatile.Read(ref leaving))
                {
                    Interlocked.Increment(ref readsWhileLeaving);
                }
            }
        })).ToList();

        // Steady reads first, so activations exist on both silos when one leaves.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var silo = stack.Silos[1];
        Volatile.Write(ref leaving, true);
        await silo.Terminate();
        var exitCode = await silo.WaitForExit(TimeSpan.FromSeconds(120));
        // Reads go on while the cluster and the gateway's client take in that the silo left.
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(exitCode == 0, $"The silo exited with {exitCode}\n{silo.Output}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of the reads failed while a silo left: {string.Join("\n", failures.Take(10))}");
        Assert.True(readsWhileLeaving > Readers, $"Only {readsWhileLeaving} reads ran while the silo left");
        foreach (var (id, name) in created)
        {
            using var read = await stack.Http.GetAsync(new Uri($"/api/housing-orgs/{id}", UriKind.Relative));
            Assert.Equal(name, (await Json(read, HttpStatusCode.OK)).GetProperty("org_name").GetString());
        }
    }

    public sealed class TwoSiloStack : ServiceStack
    {
        protected override int InitialSilos => 2;
    }
}
