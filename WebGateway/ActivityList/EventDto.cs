using HomeUniteUs.Grains.Interfaces.ActivityList;

namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>API.md's Event; <see cref="Details"/> is the details object itself, not a string.</summary>
public sealed record EventDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("userId")] long UserId,
    [property: JsonPropertyName("userName")] string UserName,
    [property: JsonPropertyName("actorId")] long? ActorId,
    [property: JsonPropertyName("housingOrgId")] long? HousingOrgId,
    [property: JsonPropertyName("details")] JsonElement Details)
{
    public static EventDto From(ActivityEvent activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var details = JsonDocument.Parse(activity.DetailsJson);
        return new(activity.Id, activity.Type, UtcTimestamp.Format(activity.At), activity.UserId, activity.UserName,
            activity.ActorId, activity.HousingOrgId, details.RootElement.Clone());
    }
}
