using System.Text.Json;
using System.Text.Json.Nodes;
using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.WebGateway.ActivityList;

namespace HomeUniteUs.Tests.Unit.ActivityList;

/// <summary>
/// The activity page's body is written by the silo (<see cref="ActivityPageJson"/>), the live stream's events by the
/// gateway (<see cref="ActivityEventDto"/>): both must be API.md's Event, the same JSON for the same event.
/// </summary>
public sealed class ActivityPageJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly ActivityEvent[] Events =
    [
        // details as PostgreSQL prints jsonb: spaces after ':' and ',', non-ASCII unescaped, nested values.
        new(981, ActivityTypes.StepScheduled, new DateTimeOffset(2026, 11, 27, 10, 0, 0, 500, TimeSpan.FromHours(2)), 7,
            "Zoë <O'Brien> & \"Co\"", 4, 3,
            """{"key": "coordinator_interview", "note": "é \"q\" <b>\n", "n": [1, 2.5, -3e2, {"x": true, "y": null}], "scheduledAt": "2026-12-01T09:30:00Z"}"""),
        new(982, ActivityTypes.SignedUp, new DateTimeOffset(2026, 11, 27, 23, 59, 59, TimeSpan.Zero), 8, "", null, null, "{}"),
        new(long.MaxValue, ActivityTypes.MatchEnded, DateTimeOffset.UnixEpoch, 9, "Ann", 1, null, """{"matchId": 12, "reason": "moved away"}"""),
    ];

    [Fact]
    public void A_page_is_the_events_as_the_stream_writes_them_and_next()
    {
        var page = new ActivityPage(Events, 12345);

        var written = JsonNode.Parse(ActivityPageJson.Write(page))!;
        var expected = new JsonObject
        {
            ["events"] = new JsonArray([.. Events.Select(e => JsonSerializer.SerializeToNode(ActivityEventDto.From(e), Web))]),
            ["next"] = 12345,
        };

        Assert.True(JsonNode.DeepEquals(expected, written), $"expected {expected.ToJsonString()}\nwritten  {written.ToJsonString()}");
        Assert.Equal(
            ["id", "type", "at", "userId", "userName", "actorId", "housingOrgId", "details"],
            written["events"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal("2026-11-27T08:00:00Z", written["events"]![0]!["at"]!.GetValue<string>());
    }

    [Fact]
    public void An_empty_page_has_no_events_and_its_cursor()
    {
        var written = JsonNode.Parse(ActivityPageJson.Write(new ActivityPage([], 77)))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"events": [], "next": 77}"""), written), written.ToJsonString());
    }
}
