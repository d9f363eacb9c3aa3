using System.Text.Encodings.Web;

namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>
/// The body of PUT /responses/{userId} and PUT /{userId}: <c>{"responses": [{"fieldId", "value": any JSON}, …]}</c>.
/// Only the shape is checked here; whether a field exists and a value fits it is the profile grain's rule.
/// </summary>
public sealed record IntakeResponsesRequest(
    [property: JsonPropertyName("responses"), RequiredField] List<IntakeAnswerRequest?> Responses) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Responses.Count; i++)
        {
            if (Responses[i] is not { } answer)
            {
                yield return new ValidationResult("Input should be an object with fieldId and value", [$"responses[{i}]"]);
            }
            else if (answer.Value.ValueKind == JsonValueKind.Undefined)
            {
                yield return new ValidationResult("Field required (null clears the answer)", [$"responses[{i}].value"]);
            }
        }
    }

    /// <summary>
    /// The answers with each value re-written without needless escapes, so a length limit counts characters,
    /// not how the client chose to escape them (Python's json.dumps writes every non-ASCII letter as \uXXXX).
    /// </summary>
    public IReadOnlyList<IntakeResponse> ToResponses() =>
        [.. Responses.Select(answer => new IntakeResponse(answer!.FieldId, JsonSerializer.Serialize(answer.Value, Relaxed)))];

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>One answer: a field id and any JSON value (null clears it).</summary>
public sealed record IntakeAnswerRequest(
    [property: JsonPropertyName("fieldId"), RequiredField] string FieldId,
    [property: JsonPropertyName("value")] JsonElement Value);

/// <summary>The body of POST /{userId}/review; which decisions exist and how long a note may be are the grain's rules.</summary>
public sealed record IntakeReviewRequest(
    [property: JsonPropertyName("decision"), RequiredField, Text(64)] string Decision,
    [property: JsonPropertyName("note"), Text(int.MaxValue)] string? Note);

/// <summary>
/// The body of POST /api/profile/responses: the frontend's save sends <c>{"responses": [...]}</c>, older clients
/// the bare list; both bind to this and follow the rules of <see cref="IntakeResponsesRequest"/>.
/// </summary>
[JsonConverter(typeof(ProfileResponsesRequestConverter))]
public sealed record ProfileResponsesRequest(
    [property: JsonPropertyName("responses"), RequiredField] List<IntakeAnswerRequest?> Responses) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        new IntakeResponsesRequest(Responses).Validate(validationContext);

    public IReadOnlyList<IntakeResponse> ToResponses() => new IntakeResponsesRequest(Responses).ToResponses();
}

/// <summary>Reads <see cref="ProfileResponsesRequest"/> from either JSON shape.</summary>
public sealed class ProfileResponsesRequestConverter : JsonConverter<ProfileResponsesRequest>
{
    public override ProfileResponsesRequest? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.StartArray
            ? new ProfileResponsesRequest(JsonSerializer.Deserialize<List<IntakeAnswerRequest?>>(ref reader, options)!)
            : JsonSerializer.Deserialize<IntakeResponsesRequest>(ref reader, options) is { } body
                ? new ProfileResponsesRequest(body.Responses)
                : null;

    public override void Write(Utf8JsonWriter writer, ProfileResponsesRequest value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new IntakeResponsesRequest(value.Responses), options);
}
