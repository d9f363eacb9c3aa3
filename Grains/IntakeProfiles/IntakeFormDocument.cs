namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// The form JSON as authored. <c>validations</c>, fields and choices refuse keys they do not know, so a
/// misspelt rule fails the form's load instead of silently not being enforced; <c>properties</c> may
/// carry extra hints for the front end, which the server ignores.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class IntakeFormDocument
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("fieldGroups")]
    public List<GroupDocument?>? FieldGroups { get; init; }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed class GroupDocument
    {
        [JsonPropertyName("id")]
        public string? Id { get; init; }

        [JsonPropertyName("title")]
        public string? Title { get; init; }

        [JsonPropertyName("fields")]
        public List<FieldDocument?>? Fields { get; init; }
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed class FieldDocument
    {
        [JsonPropertyName("id")]
        public string? Id { get; init; }

        [JsonPropertyName("title")]
        public string? Title { get; init; }

        [JsonPropertyName("type")]
        public string? Type { get; init; }

        [JsonPropertyName("properties")]
        public PropertiesDocument? Properties { get; init; }

        [JsonPropertyName("validations")]
        public ValidationsDocument? Validations { get; init; }
    }

    internal sealed class PropertiesDocument
    {
        [JsonPropertyName("choices")]
        public List<ChoiceDocument?>? Choices { get; init; }

        [JsonPropertyName("linkedFields")]
        public Dictionary<string, string>? LinkedFields { get; init; }
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed class ChoiceDocument
    {
        [JsonPropertyName("id")]
        public string? Id { get; init; }

        [JsonPropertyName("label")]
        public string? Label { get; init; }
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed class ValidationsDocument
    {
        [JsonPropertyName("required")]
        public bool Required { get; init; }

        [JsonPropertyName("max_characters")]
        public int? MaxCharacters { get; init; }

        [JsonPropertyName("required_if")]
        public ConditionDocument? RequiredIf { get; init; }
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed class ConditionDocument
    {
        [JsonPropertyName("field")]
        public string? Field { get; init; }

        [JsonPropertyName("equals")]
        public string? EqualsAnswer { get; init; }
    }
}
