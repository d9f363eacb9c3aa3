using System.Globalization;
using HomeUniteUs.Grains.Interfaces.Validation;

namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>Whether one non-null answer fits its field's type and limits.</summary>
public static class IntakeValueRules
{
    /// <summary>The most people or pets one answer may list.</summary>
    public const int MaxListItems = 20;

    /// <summary>The longest name, relationship or pet type inside a list answer.</summary>
    public const int MaxItemTextLength = 100;

    /// <summary>What is wrong with the value, or null when it fits. <paramref name="today"/> is the latest date a date answer may hold.</summary>
    public static string? Problem(IntakeField field, JsonElement value, DateOnly today) => field.Type switch
    {
        IntakeFieldTypes.ShortText or IntakeFieldTypes.LongText => TextProblem(value, field.MaxCharacters),
        IntakeFieldTypes.Number => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? null : "Must be a number",
        IntakeFieldTypes.Date => DateProblem(value, today),
        IntakeFieldTypes.Email => value.ValueKind == JsonValueKind.String && TextRules.IsEmail(value.GetString()!) ? null : "Must be an email address",
        IntakeFieldTypes.YesNo => value.ValueKind == JsonValueKind.String && value.GetString() is "yes" or "no" ? null : "Must be \"yes\" or \"no\"",
        IntakeFieldTypes.Dropdown or IntakeFieldTypes.ContactMethod =>
            value.ValueKind == JsonValueKind.String && field.ChoiceIds.Contains(value.GetString()!) ? null : $"Must be one of: {string.Join(", ", field.ChoiceIds)}",
        IntakeFieldTypes.MultipleChoice => ChoicesProblem(value, field.ChoiceIds),
        IntakeFieldTypes.AdditionalGuests => ListProblem(value, "guest", ["name", "dob", "relationship"], (property, item) => property switch
        {
            "dob" => DateProblem(item, today),
            _ => ItemTextProblem(item),
        }),
        IntakeFieldTypes.Pets => ListProblem(value, "pet", ["type"], (_, item) => ItemTextProblem(item)),
        _ => throw new InvalidOperationException($"Field type {field.Type} has no rule"),
    };

    private static string? TextProblem(JsonElement value, int? maxCharacters)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return "Must be text";
        }

        var text = value.GetString()!;
        if (maxCharacters is { } max && TextRules.IsLongerThan(text, max))
        {
            return $"Must be at most {max} characters";
        }

        return TextRules.HasControlCharacters(text) ? "Must not contain control characters" : null;
    }

    private static string? DateProblem(JsonElement value, DateOnly today)
    {
        if (value.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return "Must be a date YYYY-MM-DD";
        }

        return date > today ? "Must not be in the future" : null;
    }

    private static string? ChoicesProblem(JsonElement value, IReadOnlyList<string> choiceIds)
    {
        var problem = $"Must be a list of choice ids, each at most once, from: {string.Join(", ", choiceIds)}";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > choiceIds.Count)
        {
            return problem;
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !choiceIds.Contains(item.GetString()!) || !chosen.Add(item.GetString()!))
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>A list of at most <see cref="MaxListItems"/> objects having exactly <paramref name="properties"/>, each checked by <paramref name="propertyProblem"/>.</summary>
    private static string? ListProblem(JsonElement value, string noun, string[] properties, Func<string, JsonElement, string?> propertyProblem)
    {
        var shape = $"{{{string.Join(", ", properties)}}}";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxListItems)
        {
            return $"Must be a list of at most {MaxListItems} objects {shape}";
        }

        var number = 0;
        foreach (var item in value.EnumerateArray())
        {
            number++;
            if (item.ValueKind != JsonValueKind.Object
                || !item.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal).SequenceEqual(properties.Order(StringComparer.Ordinal)))
            {
                return $"The {Ordinal(number)} {noun} must be an object {shape}";
            }

            foreach (var property in properties)
            {
                if (propertyProblem(property, item.GetProperty(property)) is { } problem)
                {
                    return $"The {Ordinal(number)} {noun}'s {property}: {problem}";
                }
            }
        }

        return null;
    }

    private static string? ItemTextProblem(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } text
            && !string.IsNullOrWhiteSpace(text) && text.Length <= MaxItemTextLength && !TextRules.HasControlCharacters(text)
            ? null
            : $"Must be text of 1 to {MaxItemTextLength} characters";

    private static string Ordinal(int number) => number switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => $"{number}th",
    };
}
