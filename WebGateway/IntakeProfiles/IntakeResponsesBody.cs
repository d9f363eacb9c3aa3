using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.WebGateway.Http;

namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>
/// Binds <c>{"responses": [{"fieldId": "…", "value": any JSON}, …]}</c>. Only the shape is checked here,
/// with one 422 naming every misshapen entry; whether a field exists and a value fits it is the profile
/// grain's rule. Values travel as compact JSON text.
/// </summary>
public static class IntakeResponsesBody
{
    public static IReadOnlyList<IntakeResponse> Read(FieldReader body)
    {
        if (!body.Body.TryGetProperty("responses", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            body.Add("responses", "Field required");
        }
        else if (list.ValueKind != JsonValueKind.Array)
        {
            body.Add("responses", "Input should be a valid list");
        }

        body.ThrowIfInvalid();
        var responses = new List<IntakeResponse>(list.GetArrayLength());
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"responses[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                body.Add(path, "Input should be an object with fieldId and value");
                continue;
            }

            var fieldId = FieldId(body, item, path);
            if (!item.TryGetProperty("value", out var value))
            {
                body.Add($"{path}.value", "Field required (null clears the answer)");
            }
            else if (fieldId is not null)
            {
                if (Compact(value) is { } json)
                {
                    responses.Add(new IntakeResponse(fieldId, json));
                }
                else
                {
                    body.Add($"{path}.value", "Input should be valid text (it contains an unpaired surrogate)");
                }
            }
        }

        body.ThrowIfInvalid();
        return responses;
    }

    /// <summary>
    /// The value re-written without needless escapes, so a length limit counts characters, not how
    /// the client chose to escape them (Python's json.dumps writes every non-ASCII letter as \\uXXXX).
    /// </summary>
    private static string? Compact(JsonElement value)
    {
        try
        {
            return JsonSerializer.Serialize(value, Relaxed);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Relaxed = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string? FieldId(FieldReader body, JsonElement item, string path)
    {
        if (!item.TryGetProperty("fieldId", out var fieldId) || fieldId.ValueKind == JsonValueKind.Null)
        {
            body.Add($"{path}.fieldId", "Field required");
            return null;
        }

        if (fieldId.ValueKind != JsonValueKind.String)
        {
            body.Add($"{path}.fieldId", "Input should be a valid string");
            return null;
        }

        return fieldId.GetString();
    }
}
