using System.Globalization;
using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Http;

namespace HomeUniteUs.WebGateway.Journeys;

/// <summary>The field kinds the journey and match bodies add to <see cref="FieldReader"/>: booleans, ISO-8601 times, query ids.</summary>
public static class JourneyFields
{
    /// <summary>A JSON boolean, or null when absent (and not required).</summary>
    public static bool? Bool(this FieldReader body, string name, bool required)
    {
        if (!body.Body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                body.Add(name, "Field required");
            }

            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        body.Add(name, "Input should be a valid boolean");
        return null;
    }

    /// <summary>An ISO-8601 date and time (UTC when it names no offset), or null when absent.</summary>
    public static DateTimeOffset? Timestamp(this FieldReader body, string name)
    {
        if (!body.Body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = body.String(name, required: true, maxLength: 64);
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[7] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        body.Add(name, "Input should be an ISO-8601 date and time, e.g. 2026-12-01T18:00:00Z");
        return null;
    }

    /// <summary>A required id in the query string (e.g. <c>?guestId=7</c>), with the rules of path ids.</summary>
    public static long QueryId(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        return raw.Length == 0
            ? throw HuuException.Validation(new FieldError(name, "Field required"))
            : PathIds.Parse(raw, name);
    }
}
