using System.Text;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>
/// One pass over a whole JSON document, unknown properties included (the serializer skips those
/// unread): syntax, nesting depth, duplicate keys, keys and strings that are not text (lone or
/// reversed UTF-16 surrogate escapes), and numbers out of range (beyond a double's, e.g. 1e999).
/// The problem names the JSON path where it was found.
/// </summary>
public static class JsonShapeCheck
{
    /// <summary>Deeper than any body of the API; API.md allows refusing anything past 64.</summary>
    public const int MaxDepth = 32;

    private const string Root = "body";

    public static FieldError? Problem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextValue(frames);
                        if (frames.Count == MaxDepth)
                        {
                            return new FieldError(Root, $"The body is nested deeper than {MaxDepth} levels");
                        }

                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames[^1];
                        if (Text(ref reader) is not { } key)
                        {
                            return new FieldError(PathOf(frames, includeProperty: false), "A key is not valid text (it contains an unpaired surrogate)");
                        }

                        if (!frame.Keys!.Add(key))
                        {
                            return new FieldError(PathOf(frames, includeProperty: false), "A key appears twice in one object");
                        }

                        frame.Property = key;
                        break;
                    case JsonTokenType.String:
                        NextValue(frames);
                        if (Text(ref reader) is null)
                        {
                            return new FieldError(PathOf(frames, includeProperty: true), "Input should be valid text (it contains an unpaired surrogate)");
                        }

                        break;
                    case JsonTokenType.Number:
                        NextValue(frames);
                        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                        {
                            return new FieldError(PathOf(frames, includeProperty: true), ValidationMessages.FiniteNumber);
                        }

                        break;
                    default:
                        NextValue(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return new FieldError(Root, ValidationMessages.NotJson);
        }

        return null;
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void NextValue(List<Frame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsObject)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames, bool includeProperty)
    {
        var path = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (!frame.IsObject)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property is not null && (includeProperty || i < frames.Count - 1))
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(frame.Property);
            }
        }

        return path.Length == 0 || path[0] == '[' ? Root + path : path.ToString();
    }

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public HashSet<string>? Keys { get; } = isObject ? new(StringComparer.Ordinal) : null;

        public string? Property { get; set; }

        public int Index { get; set; } = -1;
    }
}
