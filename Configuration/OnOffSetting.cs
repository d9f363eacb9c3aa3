namespace HomeUniteUs.Configuration;

/// <summary>A setting that is on or off: true/false/1/0 in any letter case, off when absent or empty.</summary>
public static class OnOffSetting
{
    /// <summary>Whether <paramref name="variable"/> is on; any other value throws <see cref="SettingsException"/> naming it.</summary>
    public static bool Read(IReadOnlyDictionary<string, string> environment, string variable)
    {
        if (!environment.TryGetValue(variable, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        return raw.Trim().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            var text => throw new SettingsException($"Invalid environment variable {variable}: expected true or false, got '{text}'"),
        };
    }
}
