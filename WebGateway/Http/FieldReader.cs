using System.Net.Mail;
using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>Takes typed fields out of a JSON object, collecting one error per bad field.</summary>
public sealed class FieldReader(JsonElement body)
{
    private readonly List<FieldError> errors = [];

    public JsonElement Body => body;

    /// <summary>The query string as an object of string fields, so query parameters follow the same rules as bodies.</summary>
    public static FieldReader FromQuery(IQueryCollection query)
    {
        var fields = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in query)
        {
            fields[key] = value.ToString();
        }

        return new FieldReader(JsonSerializer.SerializeToElement(fields));
    }

    /// <summary>A string field; trimmed; blank counts as missing when <paramref name="nonBlank"/>.</summary>
    public string? String(string name, bool required, int maxLength = 256, bool nonBlank = true)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Missing<string>(name, required);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail<string>(name, "Input should be a valid string");
        }

        string text;
        try
        {
            text = value.GetString()!.Trim();
        }
        catch (InvalidOperationException)
        {
            // Lone UTF-16 surrogates: not text.
            return Fail<string>(name, "Input should be a valid string");
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return Fail<string>(name, "Input should not contain control characters");
        }

        if (nonBlank && text.Length == 0)
        {
            return required ? Fail<string>(name, "Field required: must not be empty or whitespace") : null;
        }

        return text.Length > maxLength ? Fail<string>(name, $"String should have at most {maxLength} characters") : text;
    }

    /// <summary>An email: trimmed, as given; a malformed one says "not a valid email address".</summary>
    public string? Email(string name, bool required = true)
    {
        var text = String(name, required, maxLength: 254);
        if (text is null)
        {
            return null;
        }

        return IsEmail(text) ? text : Fail<string>(name, "value is not a valid email address");
    }

    /// <summary>A positive integer field.</summary>
    public long? PositiveLong(string name, bool required)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Missing<long?>(name, required);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0
            ? number
            : Fail<long?>(name, "Input should be a positive integer");
    }

    /// <summary>One of a fixed set of strings (compared case-insensitively, returned as listed).</summary>
    public string? OneOf(string name, bool required, params string[] allowed)
    {
        var text = String(name, required, maxLength: 64);
        if (text is null)
        {
            return null;
        }

        var match = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
        return match ?? Fail<string>(name, $"Input should be one of: {string.Join(", ", allowed)}");
    }

    public bool Has(string name) => body.TryGetProperty(name, out _);

    public void Add(string field, string message) => errors.Add(new FieldError(field, message));

    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw HuuException.Validation(errors);
        }
    }

    public static bool IsEmail(string text)
    {
        if (text.Length > 254 || text.Any(char.IsWhiteSpace) || text.Count(c => c == '@') != 1)
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var domain = text[(at + 1)..];
        return at > 0 && domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.')
            && MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }

    private T? Missing<T>(string name, bool required)
    {
        if (required)
        {
            errors.Add(new FieldError(name, "Field required"));
        }

        return default;
    }

    private T? Fail<T>(string name, string message)
    {
        errors.Add(new FieldError(name, message));
        return default;
    }
}
