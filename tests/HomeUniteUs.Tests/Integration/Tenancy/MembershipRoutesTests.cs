using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>API.md "Housing orgs as tenants": users in reach, membership, members, lists by reach.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MembershipRoutesTests(ServiceStack stack)
{
    [Fact]
    public async Task A_user_is_seen_by_themselves_and_callers_in_reach_and_is_404_to_everyone_else()
    {
        var orgs = await TwoOrgs.Create(stack);
        using (var self = await orgs.Get($"/api/users/{orgs.GuestOfX.UserId}", orgs.GuestOfX))
        {
            var user = await Json(self, HttpStatusCode.OK);
            Assert.Equal((orgs.X, false), (user.GetProperty("housingOrgId").GetInt64(), user.GetProperty("lead").GetBoolean()));
        }

        using (var lead = await orgs.Get($"/api/users/{orgs.LeadOfX.UserId}", orgs.CoordinatorOfX))
        {
            Assert.True((await Json(lead, HttpStatusCode.OK)).GetProperty("lead").GetBoolean());
        }

        using (var pool = await orgs.Get($"/api/users/{orgs.PoolGuest.UserId}", orgs.CoordinatorOfX))
        {
            Assert.Equal(JsonValueKind.Null, (await Json(pool, HttpStatusCode.OK)).GetProperty("housingOrgId").ValueKind);
        }

        foreach (var (path, caller) in new[]
        {
            ($"/api/users/{orgs.GuestOfY.UserId}", orgs.CoordinatorOfX),
            ($"/api/users/{orgs.PoolCoordinator.UserId}", orgs.LeadOfX),
            ($"/api/users/{orgs.GuestOfX.UserId}", orgs.PoolCoordinator),
            ($"/api/users/{orgs.HostOfX.UserId}", orgs.GuestOfX),
            ($"/api/users/{int.MaxValue}", orgs.CoordinatorOfX),
        })
        {
            using var hidden = await orgs.Get(path, caller);
            await Error(hidden, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using var asAdmin = await orgs.Get($"/api/users/{orgs.GuestOfY.UserId}", orgs.Admin);
        Assert.Equal(orgs.Y, (await Json(asAdmin, HttpStatusCode.OK)).GetProperty("housingOrgId").GetInt64());
    }

    [Fact]
    public async Task Membership_follows_the_rules_of_the_table()
    {
        var orgs = await TwoOrgs.Create(stack);
        using (var taken = await TwoOrgs.Put(stack, orgs.CoordinatorOfX, orgs.PoolGuest.UserId, orgs.X))
        {
            Assert.Equal(orgs.X, (await Json(taken, HttpStatusCode.OK)).GetProperty("housingOrgId").GetInt64());
        }

        using (var notTheLead = await TwoOrgs.Put(stack, orgs.CoordinatorOfX, orgs.PoolGuest.UserId, null))
        {
            await Error(notTheLead, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var released = await TwoOrgs.Put(stack, orgs.LeadOfX, orgs.PoolGuest.UserId, null))
        {
            Assert.Equal(JsonValueKind.Null, (await Json(released, HttpStatusCode.OK)).GetProperty("housingOrgId").ValueKind);
        }

        using (var promoted = await TwoOrgs.Put(stack, orgs.LeadOfX, orgs.CoordinatorOfX.UserId, orgs.X, lead: true))
        {
            Assert.True((await Json(promoted, HttpStatusCode.OK)).GetProperty("lead").GetBoolean());
        }

        using (var otherOrg = await TwoOrgs.Put(stack, orgs.LeadOfX, orgs.GuestOfY.UserId, null))
        {
            await Error(otherOrg, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using (var unknownOrg = await TwoOrgs.Put(stack, orgs.Admin, orgs.PoolHost.UserId, int.MaxValue))
        {
            await Invalid(unknownOrg, "housingOrgId");
        }

        using (var leadOfAGuest = await TwoOrgs.Put(stack, orgs.Admin, orgs.GuestOfX.UserId, orgs.X, lead: true))
        {
            await Invalid(leadOfAGuest, "lead");
        }

        using (var adminsOwn = await TwoOrgs.Put(stack, orgs.Admin, orgs.Admin.UserId, orgs.X))
        {
            await Invalid(adminsOwn, "housingOrgId");
        }

        using (var guestItself = await TwoOrgs.Put(stack, orgs.PoolGuest, orgs.PoolGuest.UserId, orgs.X))
        {
            await Error(guestItself, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using var missing = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Put, $"/api/users/{orgs.PoolHost.UserId}/housing-org",
            orgs.Admin.AccessToken, JsonContent("{\"lead\":false}")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
    }

    [Fact]
    public async Task The_lead_brings_an_unaffiliated_coordinator_into_their_org_though_no_other_change_or_read_of_theirs_reaches_them()
    {
        var orgs = await TwoOrgs.Create(stack);
        var newcomer = orgs.PoolCoordinator.UserId;

        // Outside reach: every other change, by the lead or anyone else but an admin, is the 404 of an unknown id.
        foreach (var (by, org) in new[] { (orgs.LeadOfX, (long?)null), (orgs.LeadOfX, orgs.Y), (orgs.CoordinatorOfX, orgs.X), (orgs.LeadOfY, orgs.X) })
        {
            using var refused = await TwoOrgs.Put(stack, by, newcomer, org);
            await Error(refused, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        // API.md: "the lead of org X: also ... an unaffiliated coordinator into X".
        using (var taken = await TwoOrgs.Put(stack, orgs.LeadOfX, newcomer, orgs.X))
        {
            var user = await Json(taken, HttpStatusCode.OK);
            Assert.Equal((orgs.X, false), (user.GetProperty("housingOrgId").GetInt64(), user.GetProperty("lead").GetBoolean()));
        }

        // Now of X: in the lead's reach, and a coordinator of X sees them too.
        foreach (var caller in new[] { orgs.LeadOfX, orgs.CoordinatorOfX })
        {
            using var seen = await orgs.Get($"/api/users/{newcomer}", caller);
            Assert.Equal(orgs.X, (await Json(seen, HttpStatusCode.OK)).GetProperty("housingOrgId").GetInt64());
        }

        using var ofY = await orgs.Get($"/api/users/{newcomer}", orgs.LeadOfY);
        await Error(ofY, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Members_hosts_and_the_dashboard_list_only_people_in_reach()
    {
        var orgs = await TwoOrgs.Create(stack);
        using (var members = await orgs.Get($"/api/housing-orgs/{orgs.X}/members", orgs.CoordinatorOfX))
        {
            var ids = (await Json(members, HttpStatusCode.OK)).EnumerateArray().Select(u => u.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(new[] { orgs.LeadOfX, orgs.CoordinatorOfX, orgs.GuestOfX, orgs.HostOfX }.Select(a => a.UserId).Order(), ids);
        }

        using (var otherOrgs = await orgs.Get($"/api/housing-orgs/{orgs.X}/members", orgs.CoordinatorOfY))
        {
            await Error(otherOrgs, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var hosts = await orgs.Get("/api/hosts", orgs.CoordinatorOfX))
        {
            var ids = (await Json(hosts, HttpStatusCode.OK)).EnumerateArray().Select(u => u.GetProperty("id").GetInt64()).ToList();
            Assert.Contains(orgs.HostOfX.UserId, ids);
            Assert.Contains(orgs.PoolHost.UserId, ids);
            Assert.DoesNotContain(orgs.HostOfY.UserId, ids);
        }

        using (var filtered = await orgs.Get($"/api/hosts?housingOrgId={orgs.Y}", orgs.Admin))
        {
            var ids = (await Json(filtered, HttpStatusCode.OK)).EnumerateArray().Select(u => u.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(new[] { orgs.HostOfY.UserId }, ids);
        }

        using (var unknown = await orgs.Get($"/api/coordinator/dashboard/all?housingOrgId={int.MaxValue}", orgs.Admin))
        {
            await Error(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using var dashboard = await orgs.Get("/api/coordinator/dashboard/all", orgs.CoordinatorOfX);
        var rows = (await Json(dashboard, HttpStatusCode.OK)).GetProperty("dashboardItems").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("id").GetInt64() == orgs.GuestOfX.UserId && r.GetProperty("housingOrgId").GetInt64() == orgs.X);
        Assert.Contains(rows, r => r.GetProperty("id").GetInt64() == orgs.PoolGuest.UserId);
        Assert.DoesNotContain(rows, r => orgs.OfY.Any(y => y.UserId == r.GetProperty("id").GetInt64()));
        Assert.DoesNotContain(rows, r => r.GetProperty("id").GetInt64() == orgs.PoolCoordinator.UserId);
    }

    [Fact]
    public async Task A_change_in_one_org_leaves_the_other_orgs_dashboard_etag_and_a_move_shows_at_once()
    {
        var orgs = await TwoOrgs.Create(stack);
        string etag;
        using (var first = await orgs.Get("/api/coordinator/dashboard/all", orgs.CoordinatorOfX))
        {
            await Json(first, HttpStatusCode.OK);
            etag = first.Headers.ETag!.Tag;
        }

        await TwoOrgs.Move(stack, orgs.LeadOfY, orgs.CoordinatorOfY.UserId, orgs.Y, lead: true);
        using (var unchanged = await stack.Http.SendAsync(WithETag(ServiceStack.Request(HttpMethod.Get, "/api/coordinator/dashboard/all", orgs.CoordinatorOfX.AccessToken), etag)))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        await TwoOrgs.Move(stack, orgs.LeadOfY, orgs.GuestOfY.UserId, null);
        await TwoOrgs.Move(stack, orgs.CoordinatorOfX, orgs.GuestOfY.UserId, orgs.X);
        using var moved = await orgs.Get("/api/coordinator/dashboard/all", orgs.CoordinatorOfX);
        var rows = (await Json(moved, HttpStatusCode.OK)).GetProperty("dashboardItems").EnumerateArray();
        Assert.Contains(rows, r => r.GetProperty("id").GetInt64() == orgs.GuestOfY.UserId && r.GetProperty("housingOrgId").GetInt64() == orgs.X);
        using var fromY = await orgs.Get($"/api/users/{orgs.GuestOfY.UserId}", orgs.CoordinatorOfY);
        await Error(fromY, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_org_with_members_is_not_deleted_and_the_lead_deletes_people_of_their_org_only()
    {
        var orgs = await TwoOrgs.Create(stack);
        using (var refused = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Delete, $"/api/housing-orgs/{orgs.X}", orgs.Admin.AccessToken)))
        {
            var body = await Error(refused, HttpStatusCode.Conflict, "CONFLICT");
            Assert.Contains("4 member", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using (var notTheLead = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Delete, $"/api/users/{orgs.HostOfX.UserId}", orgs.CoordinatorOfX.AccessToken)))
        {
            await Error(notTheLead, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var otherOrg = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Delete, $"/api/users/{orgs.HostOfY.UserId}", orgs.LeadOfX.AccessToken)))
        {
            await Error(otherOrg, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using (var deleted = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Delete, $"/api/users/{orgs.HostOfX.UserId}", orgs.LeadOfX.AccessToken)))
        {
            await Json(deleted, HttpStatusCode.OK);
        }

        using var gone = await orgs.Get($"/api/users/{orgs.HostOfX.UserId}", orgs.Admin);
        await Error(gone, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static HttpRequestMessage WithETag(HttpRequestMessage request, string etag)
    {
        request.Headers.IfNoneMatch.ParseAdd(etag);
        return request;
    }
}
