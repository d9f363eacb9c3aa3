namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// Checks the answers of one save request against a form: structure, limits, field ids and every
/// value's fit to its field. Required answers are not checked here (see <see cref="IntakeCompleteness"/>):
/// partial saves are the point of saving.
/// </summary>
public static class IntakeAnswerValidator
{
    public const int MaxResponsesPerRequest = 500;
    public const int MaxValueJsonLength = 20_000;

    // Deep enough for a list of objects holding strings; deeper nesting fits no field.
    private static readonly JsonDocumentOptions ValueOptions = new() { MaxDepth = 8 };

    /// <summary>
    /// The answers by field id, each as compact raw JSON or null for a cleared answer; throws one
    /// 422 <see cref="HuuException"/> naming every bad field when anything does not fit.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Validate(IntakeForm form, IReadOnlyList<IntakeResponse>? responses, DateOnly today)
    {
        if (responses is null)
        {
            throw HuuException.Validation(new FieldError("responses", "Field required"));
        }

        if (responses.Count > MaxResponsesPerRequest)
        {
            throw HuuException.Validation(new FieldError("responses", $"At most {MaxResponsesPerRequest} answers per request"));
        }

        var errors = new List<FieldError>();
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < responses.Count; index++)
        {
            var response = responses[index];
            var path = $"responses[{index}]";
            if (response is null)
            {
                errors.Add(new FieldError(path, "Must be an object with fieldId and value"));
            }
            else if (string.IsNullOrEmpty(response.FieldId))
            {
                errors.Add(new FieldError($"{path}.fieldId", "Field required"));
            }
            else if (form.Field(response.FieldId) is not { } field)
            {
                errors.Add(new FieldError($"{path}.fieldId", $"Not a field of form {form.Id}"));
            }
            else if (!named.Add(field.Id))
            {
                errors.Add(new FieldError($"{path}.fieldId", $"'{field.Id}' is answered more than once in this request"));
            }
            else if (response.ValueJson is null)
            {
                errors.Add(new FieldError($"{path}.value", "Field required"));
            }
            else if (Read(field, response.ValueJson, today, out var value) is { } problem)
            {
                errors.Add(new FieldError(field.Id, problem));
            }
            else
            {
                answers[field.Id] = value;
            }
        }

        return errors.Count > 0 ? throw HuuException.Validation(errors) : answers;
    }

    private static string? Read(IntakeField field, string valueJson, DateOnly today, out string? value)
    {
        value = null;
        if (valueJson.Length > MaxValueJsonLength)
        {
            return $"The value must be at most {MaxValueJsonLength} characters of JSON";
        }

        try
        {
            using var document = JsonDocument.Parse(valueJson, ValueOptions);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            value = root.GetRawText();
            return IntakeValueRules.Problem(field, root, today);
        }
        catch (JsonException)
        {
            return "The value is not valid JSON";
        }
    }
}
