using System.Globalization;
using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Workflow;

[Collection(GatewayCollection.Name)]
public class DashboardRoutesTests(ServiceStack stack)
{
    private readonly WorkflowApi api = new(stack);

    [Fact]
    public async Task An_invited_guest_has_a_case_of_the_inviting_coordinator_on_the_dashboard()
    {
        var coordinator = await api.Coordinator('a');
        var started = DateTimeOffset.UtcNow.AddSeconds(-2);
        var guest = await api.Invite(coordinator);

        using var read = await api.Send(HttpMethod.Get, $"/api/coordinator/cases/{guest.Id}", coordinator.AccessToken);
        var guestCase = await Json(read, HttpStatusCode.OK);
        Assert.Equal(guest.Id, guestCase.GetProperty("guestId").GetInt64());
        Assert.Equal(coordinator.UserId, guestCase.GetProperty("coordinatorId").GetInt64());
        Assert.Equal("In Progress", guestCase.GetProperty("status").GetString());
        Assert.Equal("", guestCase.GetProperty("notes").GetString());

        var item = await api.Item(coordinator.AccessToken, guest.Id);
        Assert.Equal(guest.Id.ToString(CultureInfo.InvariantCulture), item.GetProperty("userId").GetString());
        Assert.Equal(guest.Name, item.GetProperty("userName").GetString());
        Assert.Equal("In Progress", item.GetProperty("caseStatus").GetString());
        Assert.Equal("GUEST", item.GetProperty("userType").GetString());
        Assert.Equal("coordinator a", item.GetProperty("coordinatorName").GetString());
        Assert.Equal("", item.GetProperty("notes").GetString());
        var lastUpdated = item.GetProperty("lastUpdated").GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", lastUpdated);
        Assert.InRange(DateTimeOffset.Parse(lastUpdated, CultureInfo.InvariantCulture), started, DateTimeOffset.UtcNow.AddSeconds(2));
        // API.md's eight fields and housingOrgId (null: unaffiliated), plus the guest's journeyStep (an invited guest is at the application step).
        Assert.Equal(JsonValueKind.Null, item.GetProperty("housingOrgId").ValueKind);
        Assert.Equal("application", item.GetProperty("journeyStep").GetString());
        Assert.Equal(10, item.EnumerateObject().Count());
    }

    [Fact]
    public async Task The_dashboard_lists_guests_hosts_and_coordinators_but_no_admin()
    {
        var admin = await api.Admin;
        var items = (await api.Dashboard(admin.AccessToken)).Items;
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetInt64() == admin.UserId);
        var host = items.Single(i => i.GetProperty("userName").GetString() == "host a");
        Assert.Equal(("HOST", "N/A", "N/A"), (host.GetProperty("userType").GetString(), host.GetProperty("caseStatus").GetString(), host.GetProperty("coordinatorName").GetString()));
        var selfSignedGuest = items.Single(i => i.GetProperty("userName").GetString() == "guest a");
        Assert.Equal(("GUEST", "Unassigned"), (selfSignedGuest.GetProperty("userType").GetString(), selfSignedGuest.GetProperty("coordinatorName").GetString()));
        Assert.Contains(items, i => i.GetProperty("userName").GetString() == "coordinator z" && i.GetProperty("userType").GetString() == "COORDINATOR");
        var types = items.Select(i => i.GetProperty("userType").GetString()).ToList();
        Assert.Equal(types.OrderBy(t => t switch { "GUEST" => 0, "HOST" => 1, _ => 2 }), types);
    }

    [Fact]
    public async Task Reassigning_a_case_moves_it_between_coordinators_on_the_dashboard()
    {
        var first = await api.Coordinator('b');
        var second = await api.Coordinator('c');
        var admin = await api.Admin;
        var guest = await api.Invite(first);
        Assert.Equal("coordinator b", (await api.Item(admin.AccessToken, guest.Id)).GetProperty("coordinatorName").GetString());

        using (var moved = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", admin.AccessToken, $$"""{"coordinatorId":{{second.UserId}}}"""))
        {
            Assert.Equal(second.UserId, (await Json(moved, HttpStatusCode.OK)).GetProperty("coordinatorId").GetInt64());
        }

        Assert.Equal("coordinator c", (await api.Item(first.AccessToken, guest.Id)).GetProperty("coordinatorName").GetString());
        using (var notTheirs = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", first.AccessToken, """{"notes":"mine?"}"""))
        {
            await Error(notTheirs, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var theirs = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", second.AccessToken, """{"status":"matched","notes":"  met a host  "}"""))
        {
            var updated = await Json(theirs, HttpStatusCode.OK);
            Assert.Equal(("Matched", "met a host"), (updated.GetProperty("status").GetString(), updated.GetProperty("notes").GetString()));
        }

        var item = await api.Item(admin.AccessToken, guest.Id);
        Assert.Equal(("Matched", "met a host"), (item.GetProperty("caseStatus").GetString(), item.GetProperty("notes").GetString()));
    }

    [Fact]
    public async Task The_etag_changes_when_and_only_when_the_content_changes_and_a_matching_poll_is_304()
    {
        var coordinator = await api.Coordinator('d');
        var guest = await api.Invite(coordinator);
        var first = await api.Dashboard(coordinator.AccessToken);
        var again = await api.Dashboard(coordinator.AccessToken);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.Body, again.Body);

        foreach (var header in new[] { first.ETag, "W/" + first.ETag, $"\"other\", {first.ETag}", "*" })
        {
            using var poll = await api.Send(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken, ifNoneMatch: header);
            Assert.Equal(HttpStatusCode.NotModified, poll.StatusCode);
            Assert.Empty(await poll.Content.ReadAsByteArrayAsync());
            Assert.Equal(first.ETag, poll.Headers.ETag!.ToString());
        }

        using (var change = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", coordinator.AccessToken, """{"notes":"first call done"}"""))
        {
            await Json(change, HttpStatusCode.OK);
        }

        using var stale = await api.Send(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken, ifNoneMatch: first.ETag);
        await Json(stale, HttpStatusCode.OK);
        var second = stale.Headers.ETag!.ToString();
        Assert.NotEqual(first.ETag, second);

        using (var same = await api.Send(HttpMethod.Put, $"/api/coordinator/cases/{guest.Id}", coordinator.AccessToken, """{"notes":"first call done"}"""))
        {
            await Json(same, HttpStatusCode.OK);
        }

        using var current = await api.Send(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken, ifNoneMatch: second);
        Assert.Equal(HttpStatusCode.NotModified, current.StatusCode);

        using var garbage = await api.Send(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken, ifNoneMatch: "not an etag");
        await Json(garbage, HttpStatusCode.OK);
        Assert.Equal(second, garbage.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task A_caller_that_accepts_gzip_gets_the_same_dashboard_compressed_under_its_own_etag()
    {
        var coordinator = await api.Coordinator('d');
        var plain = await api.Dashboard(coordinator.AccessToken);
        using var request = ServiceStack.Request(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        using var response = await stack.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        await using (var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            Assert.Equal(plain.Body, await reader.ReadToEndAsync());
        }

        var gzipETag = response.Headers.ETag!.ToString();
        Assert.NotEqual(plain.ETag, gzipETag);
        foreach (var known in new[] { gzipETag, plain.ETag })
        {
            using var poll = await api.Send(HttpMethod.Get, "/api/coordinator/dashboard/all", coordinator.AccessToken, ifNoneMatch: known);
            Assert.Equal(HttpStatusCode.NotModified, poll.StatusCode);
        }
    }

    [Fact]
    public async Task Deleting_a_coordinator_who_owns_cases_is_409_naming_the_guests_and_deleting_a_guest_deletes_its_case()
    {
        var admin = await api.Admin;
        var coordinator = await TestAccounts.SignUp(stack, "coordinator");
        var guest = await api.Invite(coordinator);

        using (var refused = await api.Send(HttpMethod.Delete, $"/api/users/{coordinator.UserId}", admin.AccessToken))
        {
            var body = await Error(refused, HttpStatusCode.Conflict, "CONFLICT");
            Assert.Equal([$"{guest.Email} (#{guest.Id})"], body.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        }

        using (var deleted = await api.Send(HttpMethod.Delete, $"/api/users/{guest.Id}", admin.AccessToken))
        {
            await Json(deleted, HttpStatusCode.OK);
        }

        using (var gone = await api.Send(HttpMethod.Get, $"/api/coordinator/cases/{guest.Id}", admin.AccessToken))
        {
            await Error(gone, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        Assert.Null(await api.ItemOrNull(admin.AccessToken, guest.Id));
        using (var deleted = await api.Send(HttpMethod.Delete, $"/api/users/{coordinator.UserId}", admin.AccessToken))
        {
            await Json(deleted, HttpStatusCode.OK);
        }

        Assert.Null(await api.ItemOrNull(admin.AccessToken, coordinator.UserId));
    }
}
