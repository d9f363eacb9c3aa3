namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>
/// One answer: the field it answers and its value as raw JSON text (a JSON <c>null</c> clears
/// the answer on save). Raw text because a JsonElement cannot cross a grain call.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IntakeResponse(string FieldId, string ValueJson);
