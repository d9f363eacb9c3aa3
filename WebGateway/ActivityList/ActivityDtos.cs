using HomeUniteUs.Grains.Interfaces.ActivityList;

namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>API.md's Event: <c>details</c> is the event's JSON object as it was recorded.</summary>
public sealed record ActivityEventDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("userId")] long UserId,
    [property: JsonPropertyName("userName")] string UserName,
    [property: JsonPropertyName("actorId")] long? ActorId,
    [property: JsonPropertyName("housingOrgId")] long? HousingOrgId,
    [property: JsonPropertyName("details")] JsonElement Details)
{
    public static ActivityEventDto From(ActivityEvent activity) => new(
        activity.Id, activity.Type, UtcTimestamp.Format(activity.At), activity.UserId, activity.UserName, activity.ActorId,
        activity.HousingOrgId, JsonSerializer.Deserialize<JsonElement>(activity.DetailsJson));
}

/// <summary>
/// One page of GET /api/coordinator/activity: events oldest first and the cursor to pass as <c>after</c> next. The schema of
/// the body the silo writes (<c>Grains/ActivityList/ActivityPageJson</c>; <c>ActivityPageJsonTests</c> holds them equal).
/// </summary>
public sealed record ActivityPageDto(
    [property: JsonPropertyName("events")] List<ActivityEventDto> Events,
    [property: JsonPropertyName("next")] long Next);
