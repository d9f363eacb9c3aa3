using HomeUniteUs.WebGateway.Matches;

namespace HomeUniteUs.WebGateway.Journeys;

/// <summary>API.md's Journey.</summary>
public sealed record JourneyDto(
    [property: JsonPropertyName("userId")] long UserId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("coordinator")] CoordinatorDto? Coordinator,
    [property: JsonPropertyName("tasks")] List<TaskDto> Tasks,
    [property: JsonPropertyName("match")] MatchDto? Match)
{
    public static JourneyDto From(Journey journey) => new(
        journey.UserId,
        journey.Role,
        journey.Coordinator is { } c ? new CoordinatorDto(c.Id, c.Name, c.Email) : null,
        [.. journey.Tasks.Select(t => new TaskDto(t.Id, t.Title, t.Status, [.. t.SubTasks.Select(SubTaskDto.From)]))],
        journey.Match is { } match ? MatchDto.From(match) : null);
}

public sealed record CoordinatorDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email);

/// <summary>The frontend's Task.</summary>
public sealed record TaskDto(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("subTasks")] List<SubTaskDto> SubTasks);

/// <summary>The frontend's SubTask.</summary>
public sealed record SubTaskDto(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("scheduledAt")] string? ScheduledAt,
    [property: JsonPropertyName("completedAt")] string? CompletedAt)
{
    public static SubTaskDto From(JourneyStep step) => new(
        step.Id, step.Key, step.Title, step.Status, MatchDto.Time(step.ScheduledAt), MatchDto.Time(step.CompletedAt));
}
