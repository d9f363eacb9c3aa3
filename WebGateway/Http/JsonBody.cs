using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>
/// Reads a request body as a JSON object. Endpoints bind fields themselves through
/// <see cref="FieldReader"/>, so every kind of bad input becomes a 415 or a 422 naming the field.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The body as an object; with <paramref name="listField"/>, a bare JSON array is also taken, as
    /// <c>{"&lt;listField&gt;": [...]}</c>.
    /// </summary>
    public static async Task<FieldReader> Read(HttpRequest request, string? listField = null)
    {
        var contentType = request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !IsJson(contentType))
        {
            throw new HuuException(415, ErrorCodes.UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            throw HuuException.Validation(new FieldError("body", "Field required"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw HuuException.Validation(new FieldError("body", "The body is not valid JSON"));
        }

        using (document)
        {
            if (listField is not null && document.RootElement.ValueKind == JsonValueKind.Array)
            {
                var wrapped = new System.Text.Json.Nodes.JsonObject { [listField] = System.Text.Json.Nodes.JsonNode.Parse(document.RootElement.GetRawText()) };
                return new FieldReader(JsonSerializer.SerializeToElement(wrapped));
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw HuuException.Validation(new FieldError("body", "The body must be a JSON object"));
            }

            return new FieldReader(document.RootElement.Clone());
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
