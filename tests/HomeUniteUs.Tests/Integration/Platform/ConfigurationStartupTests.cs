using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>
/// A bad setting stops a process before it starts, with one line on stderr naming the setting (API.md, "Configuration").
/// The settings come from a .env file in the process's working directory, so these tests also show that a .env file
/// (OTEL_* included) is read like the environment.
/// </summary>
public sealed class ConfigurationStartupTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("huu-settings-").FullName;

    public static TheoryData<string, string> GatewaySettings() => new()
    {
        { "OTEL_TRACES_SAMPLER_ARG", "2" },
        { "HUU_TRACES_PER_SECOND", "many" },
        { "HUU_OVERDUE_AFTER", "soon" },
        { "HUU_STREAM_KEEPALIVE_SECONDS", "60" },
        { "ORLEANS_GATEWAY_PORT", "99999" },
    };

    public static TheoryData<string, string> SiloSettings() => new()
    {
        { "OTEL_TRACES_SAMPLER_ARG", "half" },
        { "HUU_MIGRATIONS", "sometimes" },
        { "HUU_COORDINATOR_SIGNUP", "ajar" },
    };

    [Theory]
    [MemberData(nameof(GatewaySettings))]
    public Task A_malformed_setting_in_dot_env_stops_the_gateway_with_one_line_naming_it(string name, string value) =>
        AssertRefusedAtStart(RepoPaths.GatewayDll, name, value);

    [Theory]
    [MemberData(nameof(SiloSettings))]
    public Task A_malformed_setting_in_dot_env_stops_the_silo_with_one_line_naming_it(string name, string value) =>
        AssertRefusedAtStart(RepoPaths.SiloDll, name, value);

    [Fact]
    public Task A_missing_required_setting_stops_the_gateway_naming_it() =>
        AssertRefusedAtStart(RepoPaths.GatewayDll, "COGNITO_CLIENT_ID", string.Empty);

    private async Task AssertRefusedAtStart(string dll, string name, string value)
    {
        // Valid but unreachable: a process that got past its settings would try them, and the test would time out.
        var settings = RequiredSettings.Unreachable();
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        settings[name] = value;
        await File.WriteAllLinesAsync(Path.Combine(directory, ".env"), settings.Select(s => $"{s.Key}={s.Value}"));

        var (exitCode, output, errors) = await ExternalProgram.Run("dotnet", [dll], TimeSpan.FromSeconds(60), directory);

        Assert.True(exitCode == 1, $"exit code {exitCode}\nstdout: {output}\nstderr: {errors}");
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
