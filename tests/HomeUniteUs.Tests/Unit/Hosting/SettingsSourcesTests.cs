using HomeUniteUs.Configuration;
using HomeUniteUs.Observability;
using Microsoft.Extensions.Configuration;

namespace HomeUniteUs.Tests.Unit.Hosting;

/// <summary>Every setting is read one way: a .env file overlaid by the environment, through IConfiguration (<see cref="SettingsSources"/>).</summary>
public sealed class SettingsSourcesTests : IDisposable
{
    private readonly string dotEnv = Path.Combine(Directory.CreateTempSubdirectory("huu-dotenv-").FullName, ".env");

    [Fact]
    public void OTEL_settings_in_dot_env_reach_telemetry_like_every_other_setting()
    {
        File.WriteAllLines(dotEnv, ["OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", "OTEL_SERVICE_NAME=from-dotenv", "export OTEL_TRACES_SAMPLER_ARG='0.25'"]);

        var telemetry = TelemetrySettings.FromConfiguration(Sources(), "huu-default");

        Assert.True(telemetry.ExportOtlp);
        Assert.Equal("from-dotenv", telemetry.ServiceName);
        Assert.Equal(0.25, telemetry.SampleRatio);
    }

    [Fact]
    public void The_environment_wins_over_dot_env()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Assert.False(string.IsNullOrEmpty(path));
        File.WriteAllLines(dotEnv, ["PATH=/from/dotenv", "HUU_DOTENV_ONLY=kept"]);

        var settings = Sources().AsSettings();

        Assert.Equal(path, settings["PATH"]);
        Assert.Equal("kept", settings["HUU_DOTENV_ONLY"]);
    }

    [Fact]
    public void No_dot_env_file_is_no_error()
    {
        var settings = Sources().AsSettings();
        Assert.False(settings.ContainsKey("HUU_DOTENV_ONLY"));
    }

    private IConfiguration Sources() => new ConfigurationBuilder().AddHuuSettingsSources(dotEnv).Build();

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(dotEnv)!, recursive: true);
}
