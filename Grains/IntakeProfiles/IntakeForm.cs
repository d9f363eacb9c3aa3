using static HomeUniteUs.Grains.IntakeProfiles.IntakeFormDocument;

namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// A parsed, checked form definition. The JSON conventions, beyond API.md's shape:
/// <list type="bullet">
/// <item><c>properties.choices: [{"id", "label"}]</c> for dropdown, multiple_choice and contact_method;
/// answers hold choice ids, never labels.</item>
/// <item><c>properties.linkedFields: {"&lt;choice id&gt;": "&lt;field id&gt;"}</c> for contact_method: the field
/// that holds the contact for each method; the chosen method's field is required at submit.</item>
/// <item><c>validations.required: true</c>; <c>validations.max_characters: N</c> (short_text and long_text);
/// <c>validations.required_if: {"field": "&lt;field id&gt;", "equals": "&lt;answer&gt;"}</c>, e.g. <c>"equals": "yes"</c>
/// on a yes_no field. Required rules are enforced at submit, not on save.</item>
/// </list>
/// Field ids are unique within a form and stable: stored answers are keyed by them.
/// </summary>
public sealed class IntakeForm
{
    private readonly FrozenDictionary<string, int> positions;
    private readonly FrozenDictionary<string, string> groups;

    private IntakeForm(int id, IntakeFormJson served, IReadOnlyList<IntakeField> fields)
    {
        Id = id;
        DefinitionJson = served.Definition;
        groups = served.Groups;
        Fields = fields;
        positions = fields.Select((field, index) => KeyValuePair.Create(field.Id, index)).ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Id { get; }

    /// <summary>The definition as compact JSON, each field group with its <c>order</c> (from 1), served as is.</summary>
    public string DefinitionJson { get; }

    /// <summary>One field group of <see cref="DefinitionJson"/> as compact JSON, or null for an id the form does not have.</summary>
    public string? GroupJson(string groupId) => groups.GetValueOrDefault(groupId);

    /// <summary>Every field, in form order.</summary>
    public IReadOnlyList<IntakeField> Fields { get; }

    public IntakeField? Field(string fieldId) => positions.TryGetValue(fieldId, out var index) ? Fields[index] : null;

    /// <summary>The field's place in the form, or null for an id the form does not have.</summary>
    public int? Position(string fieldId) => positions.TryGetValue(fieldId, out var index) ? index : null;

    /// <summary>Parses and checks a definition; a broken one throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static IntakeForm Parse(string json)
    {
        IntakeFormDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<IntakeFormDocument>(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Intake form JSON is malformed: {e.Message}", e);
        }

        if (document is null || !int.TryParse(document.Id, out var formId) || formId <= 0 || document.Id != formId.ToString())
        {
            throw new FormatException("An intake form needs an \"id\" holding a positive integer as a string");
        }

        var fields = new List<IntakeField>();
        var groupIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in document.FieldGroups ?? [])
        {
            Check(formId, group is not null && Named(group.Id) && Named(group.Title), "every field group needs an id and a title");
            Check(formId, groupIds.Add(group!.Id!), $"field group id '{group.Id}' is used twice");
            Check(formId, group.Fields is { Count: > 0 }, $"field group '{group.Id}' has no fields");
            fields.AddRange(group.Fields!.Select(field => ToField(formId, field)));
        }

        Check(formId, fields.Count > 0, "the form has no fields");
        var duplicate = fields.GroupBy(field => field.Id, StringComparer.Ordinal).FirstOrDefault(ids => ids.Count() > 1);
        Check(formId, duplicate is null, $"field id '{duplicate?.Key}' is used twice");
        var form = new IntakeForm(formId, IntakeFormJson.Served(json), fields);
        foreach (var field in fields)
        {
            CheckReferences(form, field);
        }

        return form;
    }

    private static IntakeField ToField(int formId, FieldDocument? field)
    {
        Check(formId, field is not null && Named(field.Id) && Named(field.Title), "every field needs an id and a title");
        var id = field!.Id!;
        Check(formId, field.Type is not null && IntakeFieldTypes.All.Contains(field.Type), $"field '{id}' has an unknown type '{field.Type}'");
        var type = field.Type!;
        Check(formId, field.Properties is not null && field.Validations is not null, $"field '{id}' needs \"properties\" and \"validations\" objects");

        var choices = field.Properties!.Choices ?? [];
        Check(formId, IntakeFieldTypes.HasChoices(type) == choices.Count > 0, $"field '{id}': choices belong to, and are needed by, exactly the choice types");
        Check(formId, choices.All(choice => choice is not null && Named(choice.Id) && Named(choice.Label)), $"field '{id}': every choice needs an id and a label");
        var choiceIds = choices.Select(choice => choice!.Id!).ToList();
        Check(formId, choiceIds.Distinct(StringComparer.Ordinal).Count() == choiceIds.Count, $"field '{id}' repeats a choice id");

        var linked = field.Properties.LinkedFields ?? [];
        Check(formId, linked.Count == 0 || type == IntakeFieldTypes.ContactMethod, $"field '{id}': linkedFields belong to contact_method fields");
        Check(formId, linked.Keys.All(choiceIds.Contains), $"field '{id}': every linkedFields key must be one of its choice ids");

        var validations = field.Validations!;
        Check(formId, validations.MaxCharacters is null || (IntakeFieldTypes.IsText(type) && validations.MaxCharacters > 0),
            $"field '{id}': max_characters must be positive and belongs to text fields");
        IntakeCondition? requiredIf = null;
        if (validations.RequiredIf is { } condition)
        {
            Check(formId, Named(condition.Field) && Named(condition.EqualsAnswer), $"field '{id}': required_if needs \"field\" and \"equals\"");
            Check(formId, !validations.Required, $"field '{id}' is both required and required_if");
            requiredIf = new IntakeCondition(condition.Field!, condition.EqualsAnswer!);
        }

        return new IntakeField(id, type, validations.Required, validations.MaxCharacters, requiredIf, choiceIds,
            linked.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static void CheckReferences(IntakeForm form, IntakeField field)
    {
        if (field.RequiredIf is { } condition)
        {
            Check(form.Id, condition.FieldId != field.Id && form.Field(condition.FieldId) is not null,
                $"field '{field.Id}': required_if names '{condition.FieldId}', which is not another field of the form");
        }

        foreach (var linked in field.LinkedFields.Values)
        {
            Check(form.Id, form.Field(linked) is not null, $"field '{field.Id}': linkedFields names '{linked}', which is not a field of the form");
        }
    }

    private static bool Named(string? value) => !string.IsNullOrWhiteSpace(value);

    private static void Check(int formId, bool holds, string problem)
    {
        if (!holds)
        {
            throw new FormatException($"Intake form {formId}: {problem}");
        }
    }
}
