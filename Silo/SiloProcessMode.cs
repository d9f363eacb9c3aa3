namespace HomeUniteUs.Silo;

/// <summary>The process settings that say how a silo process runs (README, "Configuration").</summary>
public sealed record SiloProcessMode(bool CohostedApi, bool KubernetesHosting, MigrationMode Migrations)
{
    public const string MigrationsVariable = "HUU_MIGRATIONS";

    /// <summary>Reads the settings; a malformed value throws <see cref="SettingsException"/> naming its variable.</summary>
    public static SiloProcessMode Load(IReadOnlyDictionary<string, string> environment) => new(
        Silo.CohostedApi.IsEnabled(environment),
        Silo.KubernetesHosting.IsEnabled(environment),
        ReadMigrations(environment));

    private static MigrationMode ReadMigrations(IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue(MigrationsVariable, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return MigrationMode.Apply;
        }

        return raw.Trim().ToLowerInvariant() switch
        {
            "apply" => MigrationMode.Apply,
            "only" => MigrationMode.Only,
            "wait" => MigrationMode.Wait,
            var text => throw new SettingsException($"Invalid environment variable {MigrationsVariable}: expected apply, only or wait, got '{text}'"),
        };
    }
}
