using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>API.md "Housing orgs as tenants": the dashboard's views over HTTP, one per org plus the pool, each with its own ETag.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DashboardViewRoutesTests(ServiceStack stack)
{
    private const string Dashboard = "/api/coordinator/dashboard/all";

    [Fact]
    public async Task A_change_in_one_org_leaves_the_other_views_etag()
    {
        var orgs = await TwoOrgs.Create(stack);
        var adminOfY = await ETag(orgs, $"{Dashboard}?housingOrgId={orgs.Y}", orgs.Admin);
        var coordinatorOfY = await ETag(orgs, Dashboard, orgs.CoordinatorOfY);
        var adminOfX = await ETag(orgs, $"{Dashboard}?housingOrgId={orgs.X}", orgs.Admin);
        var everyone = await ETag(orgs, Dashboard, orgs.Admin);

        // A change in X: its lead makes its coordinator a lead too.
        await TwoOrgs.Move(stack, orgs.LeadOfX, orgs.CoordinatorOfX.UserId, orgs.X, lead: true);
        using (var changed = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Put, $"/api/coordinator/cases/{orgs.GuestOfX.UserId}",
            orgs.Admin.AccessToken, System.Net.Http.Json.JsonContent.Create(new { notes = "a change in X" }))))
        {
            await Json(changed, HttpStatusCode.OK);
        }

        Assert.Equal(HttpStatusCode.NotModified, await Poll(orgs, $"{Dashboard}?housingOrgId={orgs.Y}", orgs.Admin, adminOfY));
        Assert.Equal(HttpStatusCode.NotModified, await Poll(orgs, Dashboard, orgs.CoordinatorOfY, coordinatorOfY));
        Assert.Equal(HttpStatusCode.OK, await Poll(orgs, $"{Dashboard}?housingOrgId={orgs.X}", orgs.Admin, adminOfX));
        Assert.Equal(HttpStatusCode.OK, await Poll(orgs, Dashboard, orgs.Admin, everyone));
        var rows = await Rows(orgs, $"{Dashboard}?housingOrgId={orgs.X}", orgs.Admin);
        Assert.Contains(rows, r => r.GetProperty("id").GetInt64() == orgs.GuestOfX.UserId && r.GetProperty("notes").GetString() == "a change in X");
    }

    [Fact]
    public async Task A_move_shows_the_person_in_the_new_view_by_the_next_read()
    {
        var orgs = await TwoOrgs.Create(stack);
        var pool = $"{Dashboard}?housingOrgId=none";
        var ofY = $"{Dashboard}?housingOrgId={orgs.Y}";
        Assert.Contains(await Ids(orgs, ofY, orgs.Admin), id => id == orgs.HostOfY.UserId);
        Assert.DoesNotContain(await Ids(orgs, Dashboard, orgs.CoordinatorOfX), id => id == orgs.HostOfY.UserId);
        var hostsOfY = await Hosts(orgs, orgs.Y);

        await TwoOrgs.Move(stack, orgs.LeadOfY, orgs.HostOfY.UserId, null);

        Assert.DoesNotContain(await Ids(orgs, ofY, orgs.Admin), id => id == orgs.HostOfY.UserId);
        Assert.Contains(await Ids(orgs, pool, orgs.Admin), id => id == orgs.HostOfY.UserId);
        Assert.Contains(await Ids(orgs, Dashboard, orgs.CoordinatorOfX), id => id == orgs.HostOfY.UserId);
        Assert.Equal(hostsOfY - 1, await Hosts(orgs, orgs.Y));
    }

    private static async Task<string> ETag(TwoOrgs orgs, string path, TestAccount by)
    {
        using var response = await orgs.Get(path, by);
        await Json(response, HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    private async Task<HttpStatusCode> Poll(TwoOrgs orgs, string path, TestAccount by, string etag)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, path, by.AccessToken);
        request.Headers.IfNoneMatch.ParseAdd(etag);
        using var response = await stack.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<List<JsonElement>> Rows(TwoOrgs orgs, string path, TestAccount by)
    {
        using var response = await orgs.Get(path, by);
        return [.. (await Json(response, HttpStatusCode.OK)).GetProperty("dashboardItems").EnumerateArray()];
    }

    private static async Task<List<long>> Ids(TwoOrgs orgs, string path, TestAccount by) =>
        [.. (await Rows(orgs, path, by)).Select(r => r.GetProperty("id").GetInt64())];

    private static async Task<int> Hosts(TwoOrgs orgs, long org)
    {
        using var response = await orgs.Get($"/api/housing-orgs/{org}/stats", orgs.Admin);
        return (await Json(response, HttpStatusCode.OK)).GetProperty("hosts").GetInt32();
    }
}
