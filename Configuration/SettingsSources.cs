using Microsoft.Extensions.Configuration;

namespace HomeUniteUs.Configuration;

/// <summary>
/// Where every setting comes from, in the gateway, the silo and the tools alike: a .env file in the working
/// directory, overlaid by the process environment (the environment wins). The keys are the variable names API.md
/// and the README give (COGNITO_CLIENT_ID, OTEL_EXPORTER_OTLP_ENDPOINT, …); the OpenTelemetry SDK reads its OTEL_*
/// from the host's IConfiguration too, so a .env file configures it like every other setting.
/// </summary>
public static class SettingsSources
{
    /// <summary>Adds the .env file (<paramref name="dotEnvPath"/>, default ./.env; absent is fine) and then the environment.</summary>
    public static IConfigurationBuilder AddHuuSettingsSources(this IConfigurationBuilder configuration, string? dotEnvPath = null) =>
        configuration.Add(new DotEnvSource(dotEnvPath ?? Path.Combine(Directory.GetCurrentDirectory(), ".env")))
            .AddEnvironmentVariables();

    /// <summary>The settings as one name → value table (the names as configured; empty values kept).</summary>
    public static IReadOnlyDictionary<string, string> AsSettings(this IConfiguration configuration)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is not null)
            {
                values[key] = value;
            }
        }

        return values;
    }

    private sealed class DotEnvSource(string path) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvProvider(path);
    }

    private sealed class DotEnvProvider(string path) : ConfigurationProvider
    {
        public override void Load()
        {
            Data.Clear();
            if (File.Exists(path))
            {
                foreach (var (key, value) in DotEnv.Parse(File.ReadAllLines(path)))
                {
                    Data[key] = value;
                }
            }
        }
    }
}
