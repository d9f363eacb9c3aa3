namespace HomeUniteUs.WebGateway.Matches;

/// <summary>API.md's Match.</summary>
public sealed record MatchDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("guestId")] long GuestId,
    [property: JsonPropertyName("hostId")] long HostId,
    [property: JsonPropertyName("coordinatorId")] long CoordinatorId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("guestAccepted")] bool? GuestAccepted,
    [property: JsonPropertyName("hostAccepted")] bool? HostAccepted,
    [property: JsonPropertyName("meetingAt")] string? MeetingAt,
    [property: JsonPropertyName("guestSignedAt")] string? GuestSignedAt,
    [property: JsonPropertyName("hostSignedAt")] string? HostSignedAt,
    [property: JsonPropertyName("endReason")] string? EndReason,
    [property: JsonPropertyName("createdAt")] string CreatedAt,
    [property: JsonPropertyName("updatedAt")] string UpdatedAt)
{
    public static MatchDto From(Match match) => new(
        match.Id, match.GuestId, match.HostId, match.CoordinatorId, match.Status, match.GuestAccepted, match.HostAccepted,
        Time(match.MeetingAt), Time(match.GuestSignedAt), Time(match.HostSignedAt), match.EndReason,
        UtcTimestamp.Format(match.CreatedAt), UtcTimestamp.Format(match.UpdatedAt));

    public static string? Time(DateTimeOffset? time) => time is { } t ? UtcTimestamp.Format(t) : null;
}

/// <summary>A host for a guest: the host's User and only the answers that conflict.</summary>
public sealed record CandidateDto(
    [property: JsonPropertyName("host")] UserDto Host,
    [property: JsonPropertyName("conflicts")] List<ConflictDto> Conflicts)
{
    public static CandidateDto From(MatchCandidate candidate) =>
        new(UserDto.From(candidate.Host), [.. candidate.Conflicts.Select(ConflictDto.From)]);
}

public sealed record ConflictDto(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("guestFieldId")] string GuestFieldId,
    [property: JsonPropertyName("guestValue")] JsonElement GuestValue,
    [property: JsonPropertyName("hostFieldId")] string HostFieldId,
    [property: JsonPropertyName("hostValue")] JsonElement HostValue)
{
    public static ConflictDto From(MatchConflict conflict) => new(
        conflict.Rule, conflict.GuestFieldId, Parse(conflict.GuestValueJson), conflict.HostFieldId, Parse(conflict.HostValueJson));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
