namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary><c>validations.required_if</c>: the field is required when <paramref name="FieldId"/>'s answer is the string <paramref name="Answer"/>.</summary>
public sealed record IntakeCondition(string FieldId, string Answer);
