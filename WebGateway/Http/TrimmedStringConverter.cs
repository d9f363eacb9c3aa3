namespace HomeUniteUs.WebGateway.Http;

/// <summary>Request strings are read trimmed (names, emails, codes), so "  " is blank and a pasted email matches.</summary>
public sealed class TrimmedStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!.Trim()
            : throw new JsonException("Expected a string");

    /// <summary>An optional name sent blank is no name.</summary>
    public static string? NullIfBlank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
