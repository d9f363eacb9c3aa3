using System.Net;
using System.Net.Http.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>
/// Two fresh housing orgs X and Y on the shared stack, each with a lead coordinator, a coordinator, a guest
/// and a host, plus an unaffiliated coordinator, guest and host: all new accounts (the seeded users stay
/// unaffiliated, as every other test class expects), put into their orgs by an admin through the API.
/// </summary>
public sealed record TwoOrgs(
    ServiceStack Stack,
    TestAccount Admin,
    long X,
    long Y,
    TestAccount LeadOfX,
    TestAccount CoordinatorOfX,
    TestAccount GuestOfX,
    TestAccount HostOfX,
    TestAccount LeadOfY,
    TestAccount CoordinatorOfY,
    TestAccount GuestOfY,
    TestAccount HostOfY,
    TestAccount PoolCoordinator,
    TestAccount PoolGuest,
    TestAccount PoolHost)
{
    public static async Task<TwoOrgs> Create(ServiceStack stack)
    {
        var admin = await stack.Seeded("admin@example.com");
        var x = await Org(stack, admin);
        var y = await Org(stack, admin);
        string[] roles = ["coordinator", "coordinator", "guest", "host", "coordinator", "coordinator", "guest", "host", "coordinator", "guest", "host"];
        var people = await Task.WhenAll(roles.Select(role => TestAccounts.SignUp(stack, role)));
        long?[] orgs = [x, x, x, x, y, y, y, y, null, null, null];
        for (var i = 0; i < people.Length; i++)
        {
            if (orgs[i] is { } org)
            {
                await Move(stack, admin, people[i].UserId, org, lead: i is 0 or 4 ? true : null);
            }
        }

        return new TwoOrgs(stack, admin, x, y, people[0], people[1], people[2], people[3], people[4], people[5], people[6], people[7], people[8], people[9], people[10]);
    }

    /// <summary>Everyone of Y: who X's and the pool's coordinators must never see.</summary>
    public IEnumerable<TestAccount> OfY => [LeadOfY, CoordinatorOfY, GuestOfY, HostOfY];

    public static async Task<long> Org(ServiceStack stack, TestAccount admin)
    {
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", admin.AccessToken,
            System.Net.Http.Json.JsonContent.Create(new { org_name = "Tenancy " + Guid.NewGuid().ToString("N") }));
        using var response = await stack.Http.SendAsync(request);
        return (await Json(response, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
    }

    public static async Task Move(ServiceStack stack, TestAccount by, long userId, long? org, bool? lead = null)
    {
        using var response = await Put(stack, by, userId, org, lead);
        await Json(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> Put(ServiceStack stack, TestAccount by, long userId, long? org, bool? lead = null)
    {
        object body = lead is null ? new { housingOrgId = org } : new { housingOrgId = org, lead };
        var request = ServiceStack.Request(HttpMethod.Put, $"/api/users/{userId}/housing-org", by.AccessToken, System.Net.Http.Json.JsonContent.Create(body));
        return stack.Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> Get(string path, TestAccount by)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, path, by.AccessToken);
        return await Stack.Http.SendAsync(request);
    }
}
