namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// A field of a form as the server checks it (titles and labels are for people and stay in the JSON).
/// </summary>
/// <param name="ChoiceIds">The ids of <c>properties.choices</c>; empty for types without choices.</param>
/// <param name="LinkedFields">For contact_method, <c>properties.linkedFields</c>: choice id → the field holding that contact.</param>
public sealed record IntakeField(
    string Id,
    string Type,
    bool Required,
    int? MaxCharacters,
    IntakeCondition? RequiredIf,
    IReadOnlyList<string> ChoiceIds,
    IReadOnlyDictionary<string, string> LinkedFields);
