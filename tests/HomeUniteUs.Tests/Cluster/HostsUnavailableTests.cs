using System.Diagnostics;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// /api/hosts is served from the dashboard projection in a silo: with no silo to serve it, the gateway answers
/// 503 with Retry-After (never a 500, never an empty list as if there were no hosts), and a new silo serves it again.
/// </summary>
public sealed class HostsUnavailableTests
{
    [Fact]
    public async Task With_its_silo_killed_the_hosts_list_is_503_and_a_new_silo_serves_it_again()
    {
        var stack = new ServiceStack();
        try
        {
            await stack.InitializeAsync();
            var coordinator = await stack.Seeded("coordinatora@example.com");
            using var before = await Hosts(stack, coordinator);
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.NotEmpty((await Json(before, HttpStatusCode.OK)).EnumerateArray());

            await stack.Silos[0].Kill();
            using (var down = await Hosts(stack, coordinator))
            {
                await Error(down, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
                Assert.NotNull(down.Headers.RetryAfter);
            }

            // A bounded poll of the cluster: the new silo joins and the dead one is declared dead (Orleans' probes),
            // seconds on an idle machine; 120 s for a loaded one.
            stack.StartSilo();
            var waited = Stopwatch.StartNew();
            while (true)
            {
                using var again = await Hosts(stack, coordinator);
                if (again.StatusCode == HttpStatusCode.OK)
                {
                    Assert.NotEmpty((await Json(again, HttpStatusCode.OK)).EnumerateArray());
                    break;
                }

                await Error(again, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "The hosts list was not served again by the new silo");
                await Task.Delay(500);
            }
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> Hosts(ServiceStack stack, TestAccount caller)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, "/api/hosts", caller.AccessToken);
        return await stack.Http.SendAsync(request);
    }
}
