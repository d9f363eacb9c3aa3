using System.Globalization;
using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Tenancy;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.ActivityList;

/// <summary>GET /api/coordinator/activity: who may read it, reach when read, the cursor, and bad input.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ActivityReadTests(ServiceStack stack)
{
    [Fact]
    public async Task Coordinators_of_two_orgs_each_read_only_their_people_and_an_admin_reads_everyone()
    {
        var admin = await stack.Seeded("admin@example.com");
        var start = await ActivityFeed.Newest(stack, admin);
        var orgs = await TwoOrgs.Create(stack);
        long[] ofX = [.. new[] { orgs.LeadOfX, orgs.CoordinatorOfX, orgs.GuestOfX, orgs.HostOfX }.Select(p => p.UserId)];
        long[] ofY = [.. orgs.OfY.Select(p => p.UserId)];
        long[] pool = [orgs.PoolGuest.UserId, orgs.PoolHost.UserId];
        long[] everyone = [.. ofX, .. ofY, .. pool, orgs.PoolCoordinator.UserId];

        var byAdmin = await ActivityFeed.About(stack, admin, start, everyone);
        Assert.Equal(everyone.Order(), byAdmin.Select(e => e.UserId).Distinct().Order());
        Assert.Equal(everyone.Length, byAdmin.Count(e => e.Type == "signed_up"));

        foreach (var (reader, own, foreign) in new[] { (orgs.CoordinatorOfX, ofX, ofY), (orgs.LeadOfY, ofY, ofX) })
        {
            var read = await ActivityFeed.About(stack, reader, start, everyone);
            Assert.Equal(own.Concat(pool).Order(), read.Select(e => e.UserId).Distinct().Order());
            Assert.DoesNotContain(read, e => foreign.Contains(e.UserId) || e.UserId == orgs.PoolCoordinator.UserId);
            Assert.Equal(byAdmin.Where(e => read.Select(r => r.UserId).Contains(e.UserId)).Select(e => e.Id), read.Select(e => e.Id));
        }

        var byPoolCoordinator = await ActivityFeed.About(stack, orgs.PoolCoordinator, start, everyone);
        Assert.Equal(pool.Append(orgs.PoolCoordinator.UserId).Order(), byPoolCoordinator.Select(e => e.UserId).Distinct().Order());
    }

    [Fact]
    public async Task A_membership_change_moves_the_persons_events_to_the_new_orgs_readers_by_the_next_read_after_its_2xx()
    {
        var admin = await stack.Seeded("admin@example.com");
        var start = await ActivityFeed.Newest(stack, admin);
        var orgs = await TwoOrgs.Create(stack);
        var host = orgs.HostOfY.UserId;
        Assert.NotEmpty(await ActivityFeed.About(stack, orgs.CoordinatorOfY, start, host));
        Assert.Empty(await ActivityFeed.About(stack, orgs.CoordinatorOfX, start, host));

        await TwoOrgs.Move(stack, admin, host, orgs.X);

        var byX = await ActivityFeed.About(stack, orgs.CoordinatorOfX, start, host);
        Assert.Equal(["signed_up", "membership_changed", "membership_changed"], byX.Select(e => e.Type));
        Assert.Equal((orgs.Y.ToString(CultureInfo.InvariantCulture), orgs.X.ToString(CultureInfo.InvariantCulture)),
            (byX[2].Detail("fromHousingOrgId"), byX[2].Detail("toHousingOrgId")));
        Assert.Empty(await ActivityFeed.About(stack, orgs.CoordinatorOfY, start, host));
    }

    [Fact]
    public async Task Pages_of_any_size_follow_the_cursor_without_gaps_or_repeats()
    {
        var admin = await stack.Seeded("admin@example.com");
        var start = await ActivityFeed.Newest(stack, admin);
        var orgs = await TwoOrgs.Create(stack);
        var whole = await ActivityFeed.After(stack, admin, start);

        // Eleven sign-ups and eight moves into the two orgs.
        Assert.Equal((11, 8), (whole.Count(e => e.Type == "signed_up"), whole.Count(e => e.Type == "membership_changed")));
        Assert.Equal(whole.Select(e => e.Id).Distinct().Order(), whole.Select(e => e.Id));
        foreach (var size in new[] { 1, 3, 7 })
        {
            var paged = await ActivityFeed.After(stack, admin, start, size);
            Assert.Equal(whole.Select(e => e.Id), paged.Take(whole.Count).Select(e => e.Id));
        }

        var page = await ActivityFeed.Page(stack, admin, $"?after={start}&limit=2");
        var two = page.GetProperty("events").EnumerateArray().Select(FeedEvent.From).ToList();
        Assert.Equal(whole.Take(2).Select(e => e.Id), two.Select(e => e.Id));
        Assert.Equal(two[1].Id, page.GetProperty("next").GetInt64());

        var last = await ActivityFeed.Page(stack, orgs.CoordinatorOfX, "?limit=3");
        var lastThree = last.GetProperty("events").EnumerateArray().Select(FeedEvent.From).ToList();
        Assert.Equal(3, lastThree.Count);
        Assert.Equal(lastThree.Select(e => e.Id).Order(), lastThree.Select(e => e.Id));
        var next = last.GetProperty("next").GetInt64();
        Assert.True(next >= lastThree[^1].Id);
        Assert.Empty((await ActivityFeed.Page(stack, orgs.CoordinatorOfX, $"?after={next}")).GetProperty("events").EnumerateArray());

        await TwoOrgs.Move(stack, orgs.Admin, orgs.PoolGuest.UserId, orgs.X);
        var after = await ActivityFeed.After(stack, orgs.CoordinatorOfX, next);
        Assert.Equal(("membership_changed", orgs.PoolGuest.UserId), (Assert.Single(after).Type, after[0].UserId));
    }

    [Fact]
    public async Task Guests_and_hosts_are_forbidden_and_bad_cursors_or_limits_are_422_naming_the_field()
    {
        var orgs = await TwoOrgs.Create(stack);
        foreach (var reader in new[] { orgs.GuestOfX, orgs.HostOfX })
        {
            using var request = ServiceStack.Request(HttpMethod.Get, "/api/coordinator/activity", reader.AccessToken);
            using var response = await stack.Http.SendAsync(request);
            await Error(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var anonymous = await stack.Http.GetAsync(new Uri("/api/coordinator/activity", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        foreach (var (query, field) in new[]
        {
            ("?after=-1", "after"), ("?after=abc", "after"), ("?after=", "after"), ("?after=1.5", "after"), ("?after=+3", "after"),
            ("?limit=0", "limit"), ("?limit=501", "limit"), ("?limit=ten", "limit"), ("?after=1&limit=-5", "limit"),
        })
        {
            using var request = ServiceStack.Request(HttpMethod.Get, "/api/coordinator/activity" + query, orgs.CoordinatorOfX.AccessToken);
            using var response = await stack.Http.SendAsync(request);
            await Invalid(response, field);
        }

        var page = await ActivityFeed.Page(stack, orgs.Admin, "?after=0&limit=500");
        Assert.InRange(page.GetProperty("events").GetArrayLength(), 1, 500);
        var defaults = await ActivityFeed.Page(stack, orgs.Admin, string.Empty);
        Assert.InRange(defaults.GetProperty("events").GetArrayLength(), 1, 50);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, defaults.GetProperty("events")[0].GetProperty("details").ValueKind);
    }
}
