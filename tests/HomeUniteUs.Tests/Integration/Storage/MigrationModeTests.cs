using System.Globalization;
using HomeUniteUs.Silo;
using HomeUniteUs.Tests.Infrastructure;
using Npgsql;

namespace HomeUniteUs.Tests.Integration.Storage;

/// <summary>
/// HUU_MIGRATIONS as deploy/kubernetes uses it, on real silo processes and a real PostgreSQL: the Job's
/// process (only) migrates and exits 0 without starting a silo; a silo (wait) applies nothing and starts
/// once the journal shows every migration.
/// </summary>
public sealed class MigrationModeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Only_applies_every_migration_and_exits_0_without_starting_a_silo()
    {
        var environment = await SiloEnvironment();
        await using var job = ServiceProcess.Start("migrate", RepoPaths.SiloDll, With(environment, "only"));

        Assert.True(0 == await job.WaitForExit(Bound), job.Output);
        var connectionString = SharedServers.ConnectionString(environment["DATABASE_URL"]);
        Assert.Empty(await Migrator.Missing(connectionString));
        Assert.Equal(0, await MembershipRows(connectionString, environment["ORLEANS_CLUSTER_ID"]));
    }

    [Fact]
    public async Task Wait_applies_nothing_and_starts_the_silo_once_the_migrations_are_in()
    {
        var environment = await SiloEnvironment();
        var connectionString = SharedServers.ConnectionString(environment["DATABASE_URL"]);
        await using var silo = ServiceProcess.Start("silo", RepoPaths.SiloDll, With(environment, "wait"));
        await Until(() => Task.FromResult(silo.Output.Contains("Migrations: waiting for", StringComparison.Ordinal)), silo);

        Assert.False(silo.HasExited, silo.Output);
        Assert.Equal(Migrator.Scripts().Select(script => script.Version), await Migrator.Missing(connectionString));

        await using (var job = ServiceProcess.Start("migrate", RepoPaths.SiloDll, With(environment, "only")))
        {
            Assert.True(0 == await job.WaitForExit(Bound), job.Output);
        }

        await Until(async () => await MembershipRows(connectionString, environment["ORLEANS_CLUSTER_ID"]) > 0, silo);
        Assert.True(await silo.Logged("the journal shows every migration of this build; starting"), silo.Output);
    }

    private static async Task<Dictionary<string, string>> SiloEnvironment()
    {
        var environment = new Dictionary<string, string>(await SharedServers.CreateCognitoPool(), StringComparer.Ordinal)
        {
            ["DATABASE_URL"] = await SharedServers.CreateDatabase(),
            ["ROOT_URL"] = "http://localhost:3000",
            ["HUU_ENVIRONMENT"] = "production",
            ["LOG_LEVEL"] = "INFO",
            ["ORLEANS_CLUSTER_ID"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["ORLEANS_SILO_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        return environment;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> environment, string migrations) =>
        new(environment, StringComparer.Ordinal) { [SiloProcessMode.MigrationsVariable] = migrations };

    /// <summary>Silos of this cluster in the membership table (none before a silo starts; the table may not exist yet).</summary>
    private static async Task<long> MembershipRows(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN to_regclass('orleansmembershiptable') IS NULL THEN 0 ELSE (SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster) END",
            connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A bounded poll of another process's progress.</summary>
    private static async Task Until(Func<Task<bool>> condition, ServiceProcess process)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, process.Output);
            await Task.Delay(250);
        }
    }
}
