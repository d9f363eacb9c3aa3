using Npgsql;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL and one real moto server for the whole test run, started by the repo's
/// scripts on free loopback ports and stopped when the test process exits.
/// HUU_TEST_DATABASE_URL (a server URL whose user may create databases) and HUU_TEST_MOTO_URL
/// point the tests at servers that are already running instead.
/// </summary>
public static class SharedServers
{
    private static readonly Lazy<Task<(string DatabaseUrl, string MotoUrl)>> Servers = new(Start);
    private static readonly string WorkDir = Path.Combine(RepoPaths.Root, ".artifacts", "test-servers");

    public static Task<(string DatabaseUrl, string MotoUrl)> Get() => Servers.Value;

    /// <summary>A new, empty database on the shared server; returns its DATABASE_URL.</summary>
    public static async Task<string> CreateDatabase()
    {
        var (serverUrl, _) = await Get();
        var name = "huu_t" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString(serverUrl)))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var uri = new Uri(serverUrl);
        return $"postgresql://{uri.UserInfo}@{uri.Host}:{uri.Port}/{name}";
    }

    /// <summary>A new user pool with an app client (with secret) and the four role groups.</summary>
    public static async Task<Dictionary<string, string>> CreateCognitoPool()
    {
        var (_, motoUrl) = await Get();
        return await ShellScript.Run("cognito-pool.sh", motoUrl);
    }

    /// <summary>
    /// The test host can end without running exit handlers, so a detached watcher stops the
    /// servers this run started as soon as the test process is gone.
    /// </summary>
    private static void StopWhenTestProcessEnds(bool postgres, bool moto)
    {
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stop = string.Join("; ", new[]
        {
            moto ? $"bash '{RepoPaths.Script("moto-down.sh")}' '{WorkDir}'" : null,
            postgres ? $"bash '{RepoPaths.Script("pg-down.sh")}' '{WorkDir}'" : null,
        }.Where(c => c is not null));
        var watcher = new System.Diagnostics.ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-f", "bash", "-c", $"exec >>'{WorkDir}/watcher.log' 2>&1; echo watching {pid}; while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop}" })
        {
            watcher.ArgumentList.Add(arg);
        }

        System.Diagnostics.Process.Start(watcher)?.Dispose();
    }

    public static string ConnectionString(string databaseUrl) =>
        HomeUniteUs.Configuration.DatabaseUrl.ToConnectionString(databaseUrl);

    private static async Task<(string, string)> Start()
    {
        var databaseUrl = Environment.GetEnvironmentVariable("HUU_TEST_DATABASE_URL");
        var motoUrl = Environment.GetEnvironmentVariable("HUU_TEST_MOTO_URL");
        var startedPostgres = false;
        var startedMoto = false;
        Directory.CreateDirectory(WorkDir);
        if (string.IsNullOrEmpty(databaseUrl))
        {
            databaseUrl = (await ShellScript.Run("pg-up.sh", WorkDir))["DATABASE_URL"];
            startedPostgres = true;
        }

        if (string.IsNullOrEmpty(motoUrl))
        {
            motoUrl = (await ShellScript.Run("moto-up.sh", WorkDir))["MOTO_URL"];
            startedMoto = true;
        }

        if (startedPostgres || startedMoto)
        {
            StopWhenTestProcessEnds(startedPostgres, startedMoto);
        }

        return (databaseUrl, motoUrl);
    }
}
