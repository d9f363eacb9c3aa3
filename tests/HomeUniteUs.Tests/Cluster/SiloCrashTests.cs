using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>Two real silo processes in one ADO.NET cluster; one dies by SIGKILL.</summary>
public sealed class SiloCrashTests : IClassFixture<SiloCrashTests.TwoSiloStack>
{
    private readonly TwoSiloStack stack;

    public SiloCrashTests(TwoSiloStack stack) => this.stack = stack;

    [Fact]
    public async Task Orgs_held_by_a_killed_silo_are_served_again_by_the_other_with_their_state()
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        var created = new Dictionary<long, string>();
        for (var i = 0; i < 24; i++)
        {
            var name = $"Crash org {i} {Guid.NewGuid():N}";
            using var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin, JsonContent($$"""{"org_name":"{{name}}"}"""));
            using var response = await stack.Http.SendAsync(request);
            created[(await Json(response, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64()] = name;
        }

        // Renames are acknowledged writes too.
        var renamedId = created.Keys.First();
        created[renamedId] = "Renamed before the crash " + Guid.NewGuid().ToString("N");
        using (var rename = ServiceStack.Request(HttpMethod.Put, $"/api/housing-orgs/{renamedId}", admin, JsonContent($$"""{"org_name":"{{created[renamedId]}}"}""")))
        using (var renamed = await stack.Http.SendAsync(rename))
        {
            await Json(renamed, HttpStatusCode.OK);
        }

        await stack.Silos[0].Kill();

        var deadline = Stopwatch.StartNew();
        var served = new Dictionary<long, string>();
        while (served.Count < created.Count && deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            foreach (var id in created.Keys.Except(served.Keys).ToList())
            {
                using var response = await stack.Http.GetAsync(new Uri($"/api/housing-orgs/{id}", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    served[id] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("org_name").GetString()!;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                }
            }

            await Task.Delay(500);
        }

        Assert.Equal(created.OrderBy(e => e.Key), served.OrderBy(e => e.Key));
        using var list = await stack.Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
        var listed = (await Json(list, HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(o => o.GetProperty("housing_org_id").GetInt64(), o => o.GetProperty("org_name").GetString());
        foreach (var (id, name) in created)
        {
            Assert.Equal(name, listed[id]);
        }

        Assert.False(stack.Silos[1].HasExited);
    }

    [Fact]
    public async Task Two_silos_seeding_at_once_create_each_test_user_once()
    {
        await stack.Seeded("admin@example.com");
        await stack.Seeded("hostz@example.com");
        foreach (var email in new[] { "admin@example.com", "guesta@example.com", "coordinatorm@example.com", "hostz@example.com" })
        {
            Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
            Assert.True(await CognitoAdmin.For(stack.Environment).HasAccount(email));
        }
    }

    public sealed class TwoSiloStack : ServiceStack
    {
        protected override int InitialSilos => 2;
    }
}
