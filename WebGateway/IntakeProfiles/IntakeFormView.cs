namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>
/// The shape of a served intake form (GET /api/intake-profile/form/{formId}, GET /api/profile/{formId}), for the
/// OpenAPI document: the form grain serves the authored JSON itself, so these records are never serialized;
/// they name the schema that the frontend's generated hooks are typed with.
/// </summary>
public sealed record IntakeFormView(string Id, IReadOnlyList<IntakeFieldGroupView> FieldGroups);

/// <summary>One field group (also GET /api/profile/{formId}/{groupId}); <c>order</c> counts from 1 in form order.</summary>
public sealed record IntakeFieldGroupView(string Id, int Order, string Title, IReadOnlyList<IntakeFieldView> Fields);

public sealed record IntakeFieldView(string Id, string Title, string Type, IntakeFieldPropertiesView Properties, IntakeFieldValidationsView Validations);

/// <summary>Hints for the frontend; other keys may appear and are not the server's concern.</summary>
public sealed record IntakeFieldPropertiesView(IReadOnlyList<IntakeChoiceView>? Choices, IReadOnlyDictionary<string, string>? LinkedFields);

public sealed record IntakeChoiceView(string Id, string Label);

public sealed record IntakeFieldValidationsView(
    bool Required,
    [property: JsonPropertyName("max_characters")] int? MaxCharacters,
    [property: JsonPropertyName("required_if")] IntakeConditionView? RequiredIf);

/// <summary>The field is required when <c>field</c>'s answer equals <c>equals</c>.</summary>
public sealed record IntakeConditionView(string Field, [property: JsonPropertyName("equals")] string EqualsAnswer);
