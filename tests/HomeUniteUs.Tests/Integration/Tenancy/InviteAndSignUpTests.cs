using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>API.md "How people get an org": invite by role and org, sign-up into a program.</summary>
[Collection(GatewayCollection.Name)]
public sealed class InviteAndSignUpTests(ServiceStack stack)
{
    [Fact]
    public async Task Coordinators_invite_into_their_own_org_and_only_the_lead_invites_coordinators()
    {
        var orgs = await TwoOrgs.Create(stack);
        var host = await Invite(orgs.CoordinatorOfX, new { role = "host" }, HttpStatusCode.OK);
        var member = await Member(orgs, orgs.X, host);
        Assert.Equal(("host", orgs.X), (member.GetProperty("role").GetProperty("type").GetString(), member.GetProperty("housingOrgId").GetInt64()));
        using (var noCase = await orgs.Get($"/api/coordinator/cases/{member.GetProperty("id").GetInt64()}", orgs.Admin))
        {
            await Error(noCase, HttpStatusCode.NotFound, "NOT_FOUND"); // only a guest invite opens a case
        }

        await Invite(orgs.CoordinatorOfX, new { role = "coordinator" }, HttpStatusCode.Forbidden);
        await Invite(orgs.CoordinatorOfX, new { role = "guest", housingOrgId = orgs.Y }, HttpStatusCode.Forbidden);
        await Invite(orgs.PoolCoordinator, new { role = "guest", housingOrgId = orgs.X }, HttpStatusCode.Forbidden);
        await Invite(orgs.PoolCoordinator, new { role = "coordinator" }, HttpStatusCode.Forbidden);

        var coordinator = await Invite(orgs.LeadOfX, new { role = "coordinator" }, HttpStatusCode.OK);
        Assert.Equal("coordinator", (await Member(orgs, orgs.X, coordinator)).GetProperty("role").GetProperty("type").GetString());

        var guest = await Invite(orgs.CoordinatorOfX, new { }, HttpStatusCode.OK);
        var invitedGuest = await Member(orgs, orgs.X, guest);
        using var guestCase = await orgs.Get($"/api/coordinator/cases/{invitedGuest.GetProperty("id").GetInt64()}", orgs.CoordinatorOfX);
        Assert.Equal(orgs.CoordinatorOfX.UserId, (await Json(guestCase, HttpStatusCode.OK)).GetProperty("coordinatorId").GetInt64());
    }

    [Fact]
    public async Task A_coordinator_of_an_org_who_names_null_is_refused_and_an_unaffiliated_one_invites_into_none()
    {
        var orgs = await TwoOrgs.Create(stack);

        // API.md: "housingOrgId other than the caller's own → 403"; null is not X (naming nothing still invites into X).
        foreach (var by in new[] { orgs.CoordinatorOfX, orgs.LeadOfX })
        {
            var refused = await Invite(by, new { role = "host", housingOrgId = (long?)null }, HttpStatusCode.Forbidden);
            Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, refused));
        }

        var pooled = await Invite(orgs.PoolCoordinator, new { role = "host", housingOrgId = (long?)null }, HttpStatusCode.OK);
        Assert.Null(await StoredUsers.HousingOrg(stack.ConnectionString, pooled));
        var unnamed = await Invite(orgs.CoordinatorOfX, new { role = "host" }, HttpStatusCode.OK);
        Assert.Equal(orgs.X, await StoredUsers.HousingOrg(stack.ConnectionString, unnamed));
        var byAdmin = await Invite(orgs.Admin, new { role = "host", housingOrgId = (long?)null }, HttpStatusCode.OK);
        Assert.Null(await StoredUsers.HousingOrg(stack.ConnectionString, byAdmin));
    }

    [Fact]
    public async Task An_admin_invites_any_role_into_any_org_and_an_unknown_org_is_422()
    {
        var orgs = await TwoOrgs.Create(stack);
        var coordinator = await Invite(orgs.Admin, new { role = "coordinator", housingOrgId = orgs.Y }, HttpStatusCode.OK);
        Assert.Equal(orgs.Y, (await Member(orgs, orgs.Y, coordinator)).GetProperty("housingOrgId").GetInt64());

        var email = TestAccounts.NewEmail("host");
        using var unknown = await Send("/api/auth/invite", orgs.Admin, new { email, firstName = "Nobody", role = "host", housingOrgId = int.MaxValue });
        await Invalid(unknown, "housingOrgId");
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));

        using var admin = await Send("/api/auth/invite", orgs.Admin, new { email, firstName = "Nobody", role = "admin" });
        await Invalid(admin, "role");
    }

    [Fact]
    public async Task Guests_and_hosts_sign_up_into_a_program_and_a_coordinator_never_grants_themselves_reach()
    {
        var admin = await stack.Seeded("admin@example.com");
        var org = await TwoOrgs.Org(stack, admin);
        var email = TestAccounts.NewEmail("guest");
        using (var joined = await Send("/api/auth/signup", null, new { email, password = TestAccounts.Password, firstName = "Joined", role = "guest", housingOrgId = org }))
        {
            await Json(joined, HttpStatusCode.OK);
        }

        using (var members = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Get, $"/api/housing-orgs/{org}/members", admin.AccessToken)))
        {
            Assert.Contains((await Json(members, HttpStatusCode.OK)).EnumerateArray(), u => u.GetProperty("email").GetString() == email);
        }

        using (var unknown = await Send("/api/auth/signup", null, new { email = TestAccounts.NewEmail("host"), password = TestAccounts.Password, firstName = "X", role = "host", housingOrgId = int.MaxValue }))
        {
            await Invalid(unknown, "housingOrgId");
        }

        var coordinatorEmail = TestAccounts.NewEmail("coordinator");
        using var coordinator = await Send("/api/auth/signup", null, new { email = coordinatorEmail, password = TestAccounts.Password, firstName = "X", role = "coordinator", housingOrgId = org });
        await Error(coordinator, HttpStatusCode.Forbidden, "ROLE_NOT_ALLOWED");
        Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, coordinatorEmail));
    }

    private async Task<HttpResponseMessage> Send(string path, TestAccount? by, object body) =>
        await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Post, path, by?.AccessToken, System.Net.Http.Json.JsonContent.Create(body)));

    /// <summary>Invites a new email with the extra fields of <paramref name="fields"/>; returns the email.</summary>
    private async Task<string> Invite(TestAccount by, object fields, HttpStatusCode expected)
    {
        var email = TestAccounts.NewEmail("invited");
        var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
        body["email"] = email;
        body["firstName"] = "Invited";
        using var response = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Post, "/api/auth/invite", by.AccessToken, JsonContent(body.ToJsonString())));
        await Json(response, expected);
        return email;
    }

    private static async Task<JsonElement> Member(TwoOrgs orgs, long org, string email)
    {
        using var members = await orgs.Get($"/api/housing-orgs/{org}/members", orgs.Admin);
        return (await Json(members, HttpStatusCode.OK)).EnumerateArray().Single(u => u.GetProperty("email").GetString() == email);
    }
}
