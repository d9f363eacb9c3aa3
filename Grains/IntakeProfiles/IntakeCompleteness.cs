namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// Which answers a submit still lacks: required fields, required_if fields whose condition holds, and
/// the field linked to the chosen contact method. Blank text and empty lists count as missing.
/// </summary>
public static class IntakeCompleteness
{
    /// <summary>One error per missing field, in form order; each message contains "Field required".</summary>
    public static IReadOnlyList<FieldError> Missing(IntakeForm form, IReadOnlyDictionary<string, string> answers)
    {
        var missing = new List<FieldError>();
        foreach (var field in form.Fields.Where(field => !IsAnswered(answers, field.Id)))
        {
            if (field.Required)
            {
                missing.Add(new FieldError(field.Id, "Field required"));
            }
            else if (field.RequiredIf is { } condition && AnswerOf(answers, condition.FieldId) == condition.Answer)
            {
                missing.Add(new FieldError(field.Id, $"Field required when {condition.FieldId} is \"{condition.Answer}\""));
            }
        }

        foreach (var field in form.Fields.Where(field => field.LinkedFields.Count > 0))
        {
            if (AnswerOf(answers, field.Id) is { } method
                && field.LinkedFields.TryGetValue(method, out var linked)
                && !IsAnswered(answers, linked)
                && missing.TrueForAll(error => error.Field != linked))
            {
                missing.Add(new FieldError(linked, $"Field required: {field.Id} is \"{method}\""));
            }
        }

        return missing;
    }

    private static bool IsAnswered(IReadOnlyDictionary<string, string> answers, string fieldId)
    {
        if (!answers.TryGetValue(fieldId, out var raw))
        {
            return false;
        }

        using var document = JsonDocument.Parse(raw);
        var value = document.RootElement;
        return value.ValueKind switch
        {
            JsonValueKind.Null => false,
            JsonValueKind.String => !string.IsNullOrWhiteSpace(value.GetString()),
            JsonValueKind.Array => value.GetArrayLength() > 0,
            _ => true,
        };
    }

    /// <summary>The answer when it is a string (yes_no, dropdown, contact_method), else null.</summary>
    private static string? AnswerOf(IReadOnlyDictionary<string, string> answers, string fieldId)
    {
        if (!answers.TryGetValue(fieldId, out var raw))
        {
            return null;
        }

        using var document = JsonDocument.Parse(raw);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : null;
    }
}
