using HomeUniteUs.Configuration;
using HomeUniteUs.Silo;
using HomeUniteUs.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace HomeUniteUs.Tests.TestCluster;

/// <summary>
/// Two silos in-process (Orleans' InProcessTestCluster) with the real grain storage on a
/// fresh, migrated PostgreSQL database and a real moto user pool.
/// </summary>
public class GrainCluster : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public HuuSettings Settings { get; private set; } = null!;

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public IGrainFactory Grains => Cluster.Client;

    public string ConnectionString => Settings.DatabaseConnectionString;

    /// <summary>More silo configuration, for a fixture that needs it.</summary>
    protected virtual void Configure(ISiloBuilder silo)
    {
    }

    /// <summary>
    /// Grain timers (Orleans' <see cref="TimeProviderNames.Grains"/> clock) run on <paramref name="clock"/>, which the
    /// test advances; membership, messaging and activation collection keep real time, and so does every
    /// <see cref="TimeProvider"/> our grains take from DI.
    /// </summary>
    protected static void RunGrainTimersOn(ISiloBuilder silo, TimeProvider clock) =>
        silo.Services.AddKeyedSingleton(TimeProviderNames.Grains, clock);

    /// <summary>
    /// The <see cref="TimeProvider"/> our grains take from DI, and their timers, run on <paramref name="clock"/>; Orleans'
    /// background areas (membership, messaging timeouts, activation collection) keep real time, so a clock the test
    /// stops or advances never stalls or hurries the cluster itself.
    /// </summary>
    internal static void RunOurClockOn(ISiloBuilder silo, TimeProvider clock)
    {
        silo.Services.AddSingleton(clock);
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
    }

    public async Task InitializeAsync()
    {
        Environment["DATABASE_URL"] = await SharedServers.CreateDatabase();
        foreach (var (key, value) in await SharedServers.CreateCognitoPool())
        {
            Environment[key] = value;
        }

        Environment["ROOT_URL"] = "http://localhost:3000";
        Environment["HUU_ENVIRONMENT"] = "test";
        Settings = HuuSettings.Load(Environment);
        await Migrator.Apply(Settings.DatabaseConnectionString);

        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = HuuSettings.ServiceId;
        var settings = Settings;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddHomeUniteUsGrains(settings);
            Configure(silo);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainCluster>
{
    public const string Name = "grain-cluster";
}
