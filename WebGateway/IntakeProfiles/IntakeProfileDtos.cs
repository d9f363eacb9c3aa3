namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>One answer on the wire: the field id and the value as any JSON.</summary>
public sealed record IntakeResponseDto(
    [property: JsonPropertyName("fieldId")] string FieldId,
    [property: JsonPropertyName("value")] JsonElement Value)
{
    public static IntakeResponseDto From(IntakeResponse response) =>
        new(response.FieldId, JsonSerializer.Deserialize<JsonElement>(response.ValueJson));

    public static List<IntakeResponseDto> From(IntakeProfile profile) => [.. profile.Responses.Select(From)];
}

/// <summary>The answer of GET and PUT /responses/{userId}.</summary>
public sealed record IntakeResponsesDto(
    [property: JsonPropertyName("responses")] List<IntakeResponseDto> Responses)
{
    public static IntakeResponsesDto From(IntakeProfile profile) => new(IntakeResponseDto.From(profile));
}

/// <summary>
/// A user's intake profile. <c>updatedAt</c> is null until the first save; <c>reviewNote</c> is the
/// latest reviewer's note (kept after a denial so the owner can act on it), or null.
/// </summary>
public sealed record IntakeProfileDto(
    [property: JsonPropertyName("userId")] long UserId,
    [property: JsonPropertyName("formId")] int FormId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("responses")] List<IntakeResponseDto> Responses,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("reviewNote")] string? ReviewNote)
{
    public static IntakeProfileDto From(IntakeProfile profile) => new(
        profile.UserId,
        profile.FormId,
        profile.Status,
        IntakeResponseDto.From(profile),
        WhenSaved(profile),
        profile.ReviewNote);

    public static DateTimeOffset? WhenSaved(IntakeProfile profile) =>
        profile.UpdatedAt == DateTimeOffset.MinValue ? null : profile.UpdatedAt;
}

/// <summary>
/// The answer to a review: the profile's new <c>status</c> and the <c>decision</c> that led to it. They differ
/// on a denial: DENIED reopens the profile for the owner, so the new status is IN_PROGRESS.
/// </summary>
public sealed record IntakeReviewDto(
    [property: JsonPropertyName("userId")] long UserId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("reviewNote")] string? ReviewNote,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset? UpdatedAt)
{
    public static IntakeReviewDto From(IntakeProfile profile, string decision) =>
        new(profile.UserId, profile.Status, decision, profile.ReviewNote, IntakeProfileDto.WhenSaved(profile));
}
