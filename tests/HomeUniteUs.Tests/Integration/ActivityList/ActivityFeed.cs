using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.ActivityList;

/// <summary>One event of GET /api/coordinator/activity, as the test reads it.</summary>
internal sealed record FeedEvent(long Id, string Type, long UserId, string UserName, long? ActorId, long? HousingOrgId, JsonElement Details)
{
    public static FeedEvent From(JsonElement e) => new(
        e.GetProperty("id").GetInt64(),
        e.GetProperty("type").GetString()!,
        e.GetProperty("userId").GetInt64(),
        e.GetProperty("userName").GetString()!,
        e.GetProperty("actorId").ValueKind == JsonValueKind.Null ? null : e.GetProperty("actorId").GetInt64(),
        e.GetProperty("housingOrgId").ValueKind == JsonValueKind.Null ? null : e.GetProperty("housingOrgId").GetInt64(),
        e.GetProperty("details"));

    public string Detail(string name) => Details.GetProperty(name).ValueKind == JsonValueKind.Number
        ? Details.GetProperty(name).GetRawText()
        : Details.GetProperty(name).GetString() ?? string.Empty;
}

/// <summary>Reads the activity list over HTTP: the newest cursor, and every page after a cursor.</summary>
internal static class ActivityFeed
{
    public static async Task<JsonElement> Page(ServiceStack stack, TestAccount reader, string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, "/api/coordinator/activity" + query, reader.AccessToken);
        using var response = await stack.Http.SendAsync(request);
        return await Json(response, expected);
    }

    /// <summary>The cursor after the newest event <paramref name="reader"/> could read now.</summary>
    public static async Task<long> Newest(ServiceStack stack, TestAccount reader) =>
        (await Page(stack, reader, "?limit=1")).GetProperty("next").GetInt64();

    /// <summary>Every event after <paramref name="after"/> that <paramref name="reader"/> reaches, page by page (<paramref name="limit"/> each).</summary>
    public static async Task<List<FeedEvent>> After(ServiceStack stack, TestAccount reader, long after, int limit = 500)
    {
        var events = new List<FeedEvent>();
        for (var cursor = after; ;)
        {
            var page = await Page(stack, reader, $"?after={cursor}&limit={limit}");
            var read = page.GetProperty("events").EnumerateArray().Select(FeedEvent.From).ToList();
            var next = page.GetProperty("next").GetInt64();
            Assert.True(next >= cursor, $"next {next} went back from {cursor}");
            Assert.All(read, e => Assert.True(e.Id > cursor && e.Id <= next, $"event {e.Id} outside ({cursor}, {next}]"));
            events.AddRange(read);
            if (read.Count < limit)
            {
                return events;
            }

            cursor = next;
        }
    }

    /// <summary>The events about <paramref name="people"/> after <paramref name="after"/>, read by <paramref name="reader"/>.</summary>
    public static async Task<List<FeedEvent>> About(ServiceStack stack, TestAccount reader, long after, params long[] people) =>
        [.. (await After(stack, reader, after)).Where(e => people.Contains(e.UserId))];
}
