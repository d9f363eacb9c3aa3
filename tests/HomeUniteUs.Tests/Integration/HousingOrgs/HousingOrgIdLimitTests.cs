using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.HousingOrgs;

/// <summary>
/// Ids are at most 2147483647 (API.md): after a PUT chose the top id, the sequence that follows it has no id left, and a
/// create is 409 rather than an org no path could name. On a stack of its own, since its sequence is then spent.
/// </summary>
public sealed class HousingOrgIdLimitTests(HousingOrgIdLimitTests.OwnStack stack) : IClassFixture<HousingOrgIdLimitTests.OwnStack>
{
    [Fact]
    public async Task After_a_put_at_the_top_id_a_create_is_409_and_every_org_stays_reachable()
    {
        var admin = (await stack.Seeded("admin@example.com")).AccessToken;
        using (var top = await Send(HttpMethod.Put, $"/api/housing-orgs/{int.MaxValue}", """{"org_name":"At the top"}""", admin))
        {
            Assert.Equal(int.MaxValue, (await Json(top, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64());
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var create = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"Past the top {{attempt}}"}""", admin);
            await Error(create, HttpStatusCode.Conflict, "CONFLICT");
        }

        // A free id below is still taken with PUT, and every listed org can be read by its id.
        using (var below = await Send(HttpMethod.Put, "/api/housing-orgs/1000", """{"org_name":"Below the top"}""", admin))
        {
            await Json(below, HttpStatusCode.Created);
        }

        using var list = await Send(HttpMethod.Get, "/api/housing-orgs");
        var ids = (await Json(list, HttpStatusCode.OK)).EnumerateArray().Select(o => o.GetProperty("housing_org_id").GetInt64()).ToList();
        Assert.Contains(1000L, ids);
        Assert.Contains((long)int.MaxValue, ids);
        Assert.All(ids, id => Assert.InRange(id, 1L, int.MaxValue));
        foreach (var id in ids)
        {
            using var read = await Send(HttpMethod.Get, $"/api/housing-orgs/{id}");
            await Json(read, HttpStatusCode.OK);
        }
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? json = null, string? token = null)
    {
        using var request = ServiceStack.Request(method, path, token, json is null ? null : JsonContent(json));
        return await stack.Http.SendAsync(request);
    }

    public sealed class OwnStack : ServiceStack
    {
        // The machine is shared with other builds and test stacks: start-up may be slow.
        protected override TimeSpan ReadyTimeout => TimeSpan.FromSeconds(300);
    }
}
