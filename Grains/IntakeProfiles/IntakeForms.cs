namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// The forms embedded in this assembly (IntakeProfiles/Forms/*.json), parsed and checked once on first use.
/// </summary>
public static class IntakeForms
{
    private const string ResourceMarker = ".IntakeProfiles.Forms.";

    private static readonly Lazy<FrozenDictionary<int, IntakeForm>> Forms = new(Load);

    public static IReadOnlyCollection<IntakeForm> All => Forms.Value.Values;

    /// <summary>The form with this id, or null.</summary>
    public static IntakeForm? Find(long formId) =>
        formId is > 0 and <= int.MaxValue && Forms.Value.TryGetValue((int)formId, out var form) ? form : null;

    private static FrozenDictionary<int, IntakeForm> Load()
    {
        var assembly = typeof(IntakeForms).Assembly;
        var forms = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(ResourceMarker, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return IntakeForm.Parse(reader.ReadToEnd());
            })
            .ToList();
        var duplicate = forms.GroupBy(form => form.Id).FirstOrDefault(ids => ids.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"Two embedded intake forms have the id {duplicate.Key}");
        }

        return forms.ToFrozenDictionary(form => form.Id);
    }
}
