using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>
/// Bad input on the tenancy routes: wrong JSON types, null, ids past <c>long.MaxValue</c>, negative, zero
/// and unknown orgs each get a 422 naming the field (or the 404 of an unknown id) in the one error shape,
/// never a 500, and change nothing.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TenancyBadInputTests(ServiceStack stack)
{
    /// <summary>Ids no route accepts: zero, negative, past int and long, not a number.</summary>
    public static readonly string[] BadIds = ["0", "-1", "2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "1e3", "abc"];

    /// <summary>Values of <c>housingOrgId</c> that are not an org id: wrong types, out of range, unknown.</summary>
    public static readonly string[] BadOrgIds =
        ["\"1\"", "true", "1.5", "[1]", "{}", "0", "-1", "9223372036854775807", "9223372036854775808", "1e400", "2147483647"];

    [Fact]
    public async Task A_membership_change_with_a_bad_body_is_422_naming_the_field_and_changes_nothing()
    {
        var orgs = await TwoOrgs.Create(stack);
        var person = orgs.PoolHost.UserId;
        var cases = BadOrgIds.Select(org => ($$"""{"housingOrgId":{{org}}}""", "housingOrgId"))
            .Concat(
            [
                ("{}", "housingOrgId"),
                ("""{"lead":true}""", "housingOrgId"),
                ($$"""{"housingOrgId":{{orgs.X}},"lead":"yes"}""", "lead"),
                ($$"""{"housingOrgId":{{orgs.X}},"lead":1}""", "lead"),
            ]);
        var wrong = new List<string>();
        foreach (var (body, field) in cases)
        {
            using var response = await Put($"/api/users/{person}/housing-org", orgs.Admin, body);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.UnprocessableEntity || !text.Contains($"\"field\":\"{field}\"", StringComparison.Ordinal))
            {
                wrong.Add($"{body} → {(int)response.StatusCode} {text}");
            }
        }

        Assert.Empty(wrong);
        foreach (var (body, field) in cases)
        {
            using var response = await Put($"/api/users/{person}/housing-org", orgs.Admin, body);
            await Invalid(response, field);
        }

        foreach (var body in new[] { "null", "[]", "\"x\"", "42", "{" })
        {
            using var response = await Put($"/api/users/{person}/housing-org", orgs.Admin, body);
            await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        }

        await AssertUnaffiliated(orgs, person);
    }

    [Fact]
    public async Task Bad_person_and_org_ids_in_the_path_are_422_and_unknown_ones_404()
    {
        var orgs = await TwoOrgs.Create(stack);
        var move = $$"""{"housingOrgId":{{orgs.X}}}""";
        foreach (var id in BadIds)
        {
            using (var read = await Get($"/api/users/{id}", orgs.Admin))
            {
                await Invalid(read, "userId");
            }

            using (var put = await Put($"/api/users/{id}/housing-org", orgs.Admin, move))
            {
                await Invalid(put, "userId");
            }

            using var members = await Get($"/api/housing-orgs/{id}/members", orgs.Admin);
            await Invalid(members, "id");
        }

        foreach (var caller in new[] { orgs.Admin, orgs.LeadOfX })
        {
            using (var read = await Get($"/api/users/{int.MaxValue}", caller))
            {
                await Error(read, HttpStatusCode.NotFound, "NOT_FOUND");
            }

            using (var put = await Put($"/api/users/{int.MaxValue}/housing-org", caller, move))
            {
                await Error(put, HttpStatusCode.NotFound, "NOT_FOUND");
            }

            using var members = await Get($"/api/housing-orgs/{int.MaxValue}/members", caller);
            await Error(members, HttpStatusCode.NotFound, "NOT_FOUND");
        }
    }

    [Fact]
    public async Task An_invite_or_a_sign_up_with_a_bad_role_or_org_is_422_and_creates_nobody()
    {
        var orgs = await TwoOrgs.Create(stack);
        var inviteCases = BadOrgIds.Select(org => ("\"housingOrgId\":" + org, "housingOrgId"))
            .Concat(
            [
                ("\"role\":5", "role"),
                ("\"role\":\"admin\"", "role"),
                ("\"role\":\"boss\"", "role"),
                ("\"role\":[\"guest\"]", "role"),
                ("\"role\":\"host\",\"housingOrgId\":\"x\"", "housingOrgId"),
            ]);
        foreach (var (fields, field) in inviteCases)
        {
            var email = TestAccounts.NewEmail("badinvite");
            using var response = await Post("/api/auth/invite", orgs.Admin, $$"""{"email":"{{email}}","firstName":"Bad",{{fields}}}""");
            await Invalid(response, field);
            Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
        }

        foreach (var org in BadOrgIds)
        {
            var email = TestAccounts.NewEmail("badsignup");
            using var response = await Post("/api/auth/signup", null,
                $$"""{"email":"{{email}}","password":"{{TestAccounts.Password}}","firstName":"Bad","role":"guest","housingOrgId":{{org}}}""");
            await Invalid(response, "housingOrgId");
            Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, email));
        }
    }

    private async Task AssertUnaffiliated(TwoOrgs orgs, long person)
    {
        using var read = await Get($"/api/users/{person}", orgs.Admin);
        Assert.Equal(JsonValueKind.Null, (await Json(read, HttpStatusCode.OK)).GetProperty("housingOrgId").ValueKind);
    }

    private Task<HttpResponseMessage> Get(string path, TestAccount caller) =>
        stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Get, path, caller.AccessToken));

    private Task<HttpResponseMessage> Put(string path, TestAccount caller, string body) =>
        stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Put, path, caller.AccessToken, JsonContent(body)));

    private Task<HttpResponseMessage> Post(string path, TestAccount? caller, string body) =>
        stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Post, path, caller?.AccessToken, JsonContent(body)));
}
