namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>The field types a form may use, as spelled in the form JSON.</summary>
public static class IntakeFieldTypes
{
    public const string ShortText = "short_text";
    public const string LongText = "long_text";
    public const string Number = "number";
    public const string Date = "date";
    public const string Email = "email";
    public const string Dropdown = "dropdown";
    public const string YesNo = "yes_no";
    public const string AdditionalGuests = "additional_guests";
    public const string Pets = "pets";
    public const string ContactMethod = "contact_method";
    public const string MultipleChoice = "multiple_choice";

    public static readonly IReadOnlySet<string> All = FrozenSet.ToFrozenSet(
        [ShortText, LongText, Number, Date, Email, Dropdown, YesNo, AdditionalGuests, Pets, ContactMethod, MultipleChoice],
        StringComparer.Ordinal);

    /// <summary>The types whose answers are choice ids from <c>properties.choices</c>.</summary>
    public static bool HasChoices(string type) => type is Dropdown or MultipleChoice or ContactMethod;

    /// <summary>The types that take <c>validations.max_characters</c>.</summary>
    public static bool IsText(string type) => type is ShortText or LongText;
}
