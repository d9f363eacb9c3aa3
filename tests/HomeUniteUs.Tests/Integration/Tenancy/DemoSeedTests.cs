using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>The development seed: two demo orgs with their people; the other seeded users stay unaffiliated.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DemoSeedTests(ServiceStack stack)
{
    [Theory]
    [InlineData("spy")]
    [InlineData("psy")]
    public async Task Each_demo_org_has_a_lead_a_coordinator_guests_and_hosts(string key)
    {
        var lead = await stack.Seeded($"lead.{key}@example.com");
        using var current = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Get, "/api/users/current", lead.AccessToken));
        var user = await Json(current, HttpStatusCode.OK);
        Assert.True(user.GetProperty("lead").GetBoolean());
        var org = user.GetProperty("housingOrgId").GetInt64();

        using var members = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Get, $"/api/housing-orgs/{org}/members", lead.AccessToken));
        var roles = (await Json(members, HttpStatusCode.OK)).EnumerateArray().Select(u => u.GetProperty("role").GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(["coordinator", "coordinator", "guest", "guest", "host", "host"], roles);
    }

    [Fact]
    public async Task The_seeded_test_users_stay_unaffiliated()
    {
        foreach (var email in new[] { "admin@example.com", "guesta@example.com", "coordinatora@example.com", "hosta@example.com" })
        {
            var account = await stack.Seeded(email);
            using var current = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Get, "/api/users/current", account.AccessToken));
            var user = await Json(current, HttpStatusCode.OK);
            Assert.Equal((JsonValueKind.Null, false), (user.GetProperty("housingOrgId").ValueKind, user.GetProperty("lead").GetBoolean()));
        }
    }
}
