using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Workflow;

/// <summary>Who may call the coordinators' routes, and what bad input gets.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WorkflowRulesTests(ServiceStack stack)
{
    private readonly WorkflowApi api = new(stack);

    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "/api/coordinator/dashboard/all" },
        { "GET", "/api/coordinator/cases/{guest}" },
        { "PUT", "/api/coordinator/cases/{guest}" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Anonymous_is_401_guests_and_hosts_are_403_coordinators_and_admins_pass(string method, string template)
    {
        var coordinator = await api.Coordinator('e');
        var guest = await api.Invite(coordinator);
        var path = template.Replace("{guest}", guest.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var body = method == "PUT" ? """{"notes":"role matrix"}""" : null;

        using (var anonymous = await api.Send(new HttpMethod(method), path, null, body))
        {
            await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }

        foreach (var email in new[] { "guesta@example.com", "hosta@example.com" })
        {
            using var refused = await api.Send(new HttpMethod(method), path, (await api.Seeded(email)).AccessToken, body);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        foreach (var allowed in new[] { coordinator, await api.Admin })
        {
            using var ok = await api.Send(new HttpMethod(method), path, allowed.AccessToken, body);
            await Json(ok, HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("GET", "abc")]
    [InlineData("GET", "0")]
    [InlineData("GET", "-3")]
    [InlineData("PUT", "abc")]
    [InlineData("PUT", "1.5")]
    public async Task A_guest_id_that_is_not_a_positive_integer_is_422(string method, string guestId)
    {
        var coordinator = await api.Coordinator('f');
        using var response = await api.Send(new HttpMethod(method), $"/api/coordinator/cases/{guestId}", coordinator.AccessToken,
            method == "PUT" ? """{"notes":"x"}""" : null);
        await Invalid(response, "guestId");
    }

    [Fact]
    public async Task A_coordinator_never_takes_a_case_that_is_not_theirs_an_admin_assigns_it()
    {
        var coordinator = await api.Coordinator('f');
        var admin = await api.Admin;
        var selfSignedUp = await TestAccounts.SignUp(stack, "guest", firstName: "Self", lastName: "Signed" + Guid.NewGuid().ToString("N")[..8]);
        var invitedByAdmin = await api.Invite(admin);
        foreach (var guestId in new[] { selfSignedUp.UserId, invitedByAdmin.Id })
        {
            var path = $"/api/coordinator/cases/{guestId}";
            using (var take = await api.Send(HttpMethod.Put, path, coordinator.AccessToken, $$"""{"coordinatorId":{{coordinator.UserId}},"notes":"taken"}"""))
            {
                await Error(take, HttpStatusCode.Forbidden, "FORBIDDEN");
            }

            using (var takeImplicitly = await api.Send(HttpMethod.Put, path, coordinator.AccessToken, """{"notes":"taken"}"""))
            {
                await Error(takeImplicitly, HttpStatusCode.Forbidden, "FORBIDDEN");
            }

            using (var assign = await api.Send(HttpMethod.Put, path, admin.AccessToken, $$"""{"coordinatorId":{{coordinator.UserId}}}"""))
            {
                var assigned = await Json(assign, HttpStatusCode.OK);
                Assert.Equal((coordinator.UserId, "In Progress", ""),
                    (assigned.GetProperty("coordinatorId").GetInt64(), assigned.GetProperty("status").GetString(), assigned.GetProperty("notes").GetString()));
            }

            using var own = await api.Send(HttpMethod.Put, path, coordinator.AccessToken, """{"notes":"assigned by an admin"}""");
            Assert.Equal("assigned by an admin", (await Json(own, HttpStatusCode.OK)).GetProperty("notes").GetString());
        }
    }

    [Fact]
    public async Task A_refused_takeover_leaves_the_case_and_the_guests_answers_closed()
    {
        var coordinator = await api.Coordinator('g');
        var admin = await api.Admin;
        var guest = await api.Invite(admin);
        var path = $"/api/coordinator/cases/{guest.Id}";
        using (var before = await api.Send(HttpMethod.Get, path, coordinator.AccessToken))
        {
            Assert.Equal(0, (await Json(before, HttpStatusCode.OK)).GetProperty("coordinatorId").GetInt64());
        }

        using (var take = await api.Send(HttpMethod.Put, path, coordinator.AccessToken, """{"notes":"taken"}"""))
        {
            await Error(take, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var after = await api.Send(HttpMethod.Get, path, coordinator.AccessToken))
        {
            var unchanged = await Json(after, HttpStatusCode.OK);
            Assert.Equal((0L, ""), (unchanged.GetProperty("coordinatorId").GetInt64(), unchanged.GetProperty("notes").GetString()));
        }

        using var answers = await api.Send(HttpMethod.Get, $"/api/intake-profile/{guest.Id}", coordinator.AccessToken);
        await Error(answers, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Someone_who_is_not_a_guest_has_no_case_to_read_or_change()
    {
        var coordinator = await api.Coordinator('f');
        var host = await api.Seeded("hosta@example.com");
        foreach (var id in new[] { host.UserId, coordinator.UserId, 987654321L })
        {
            using var read = await api.Send(HttpMethod.Get, $"/api/coordinator/cases/{id}", coordinator.AccessToken);
            await Error(read, HttpStatusCode.NotFound, "NOT_FOUND");
            using var change = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{id}", coordinator.AccessToken, """{"notes":"x"}""");
            await Error(change, HttpStatusCode.NotFound, "NOT_FOUND");
        }
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "{}", "body" },
        { "[]", "body" },
        { "not json", "body" },
        { "\"notes\"", "body" },
        { """{"coordinatorId":null,"status":null}""", "body" },
        { """{"status":"Pending"}""", "status" },
        { """{"status":5}""", "status" },
        { """{"notes":5}""", "notes" },
        { $$"""{"notes":"{{new string('n', 2001)}}"}""", "notes" },
        { """{"coordinatorId":"4"}""", "coordinatorId" },
        { """{"coordinatorId":-1}""", "coordinatorId" },
        { """{"coordinatorId":1.5}""", "coordinatorId" },
        { """{"coordinatorId":999999999}""", "coordinatorId" },
        { """{"coordinatorId":"{host}"}""", "coordinatorId" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_change_is_422_naming_the_field_and_changes_nothing(string json, string field)
    {
        var coordinator = await api.Coordinator('g');
        var guest = await api.Invite(coordinator);
        var host = await api.Seeded("hosta@example.com");
        json = json.Replace("\"{host}\"", host.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var before = await api.Dashboard(coordinator.AccessToken);

        using var response = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", coordinator.AccessToken, json);
        await Invalid(response, field);

        Assert.Equal(before.ETag, (await api.Dashboard(coordinator.AccessToken)).ETag);
    }

    [Fact]
    public async Task A_change_that_is_not_json_is_415()
    {
        var coordinator = await api.Coordinator('g');
        var guest = await api.Invite(coordinator);
        using var response = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", coordinator.AccessToken, "notes=x", "text/plain");
        await Error(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task The_new_routes_are_in_the_openapi_document()
    {
        using var response = await stack.Http.GetAsync(new Uri("/docs/v1/openapi.json", UriKind.Relative));
        var paths = (await Json(response, HttpStatusCode.OK)).GetProperty("paths");
        Assert.True(paths.GetProperty("/api/coordinator/dashboard/all").TryGetProperty("get", out var dashboard));
        Assert.True(dashboard.GetProperty("responses").TryGetProperty("304", out _));
        var schema = dashboard.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("DashboardDocument", schema.GetRawText(), StringComparison.Ordinal);
        var cases = paths.GetProperty("/api/coordinator/cases/{guestId}");
        Assert.True(cases.TryGetProperty("get", out _));
        Assert.True(cases.TryGetProperty("put", out _));
    }
}
