namespace HomeUniteUs.Silo;

/// <summary>
/// HUU_COHOSTED_API=true: the silo also serves the HTTP API (ASP.NET Core and the silo in one host,
/// with the gateway's own services and routes), so a request reaches its grain without a hop
/// between processes. Separate gateway processes can still join the same cluster.
/// </summary>
public static class CohostedApi
{
    public const string Variable = "HUU_COHOSTED_API";

    /// <summary>Whether the setting is on; a value other than true/false/1/0 throws <see cref="SettingsException"/>.</summary>
    public static bool IsEnabled(IReadOnlyDictionary<string, string> environment) => OnOffSetting.Read(environment, Variable);
}
