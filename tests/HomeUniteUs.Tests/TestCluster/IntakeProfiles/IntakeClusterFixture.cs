using HomeUniteUs.Configuration;
using HomeUniteUs.Grains.ActivityList;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.Silo;
using HomeUniteUs.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.TestingHost;

namespace HomeUniteUs.Tests.TestCluster.IntakeProfiles;

/// <summary>
/// One in-process silo with in-memory grain storage behind the production provider name and the
/// production System.Text.Json state serializer, and a fake clock our grains read (Orleans' own background work keeps
/// real time, see <see cref="GrainCluster.RunOurClockOn"/>). The activity outbox the intake grain writes
/// its events through runs on a migrated PostgreSQL database of its own.
/// </summary>
public sealed class IntakeClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 6, 16, 10, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>The database of the outbox and the status rows.</summary>
    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await SharedServers.CreateDatabase();
        var connectionString = ConnectionString = DatabaseUrl.ToConnectionString(database);
        await Migrator.Apply(connectionString);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            silo.Services.AddSingleton<DatabasePools>();
            silo.Services.AddSingleton<ActivityStore>();
            silo.Services.AddSingleton<ActivityOutbox>();
            silo.Services.AddSingleton<PeopleTable>();
            silo.Services.AddSingleton<HomeUniteUs.Grains.Workflow.SourceRows>();
            silo.AddMemoryGrainStorage(StateNames.Store);
            silo.UseSystemTextJsonGrainStorageSerializer();
            GrainCluster.RunOurClockOn(silo, Clock);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        // A submit commits an event, whose report waits for the read-cache hub; a new hub first waits out the leases an
        // earlier activation may have granted (one lease, rule 4 of docs/read-cache-coherence.md), by this fake clock.
        var first = Cluster.Client.GetGrain<IReadCacheHubGrain>(0).Changed(CachedRead.Activity, 0);
        while (await Task.WhenAny(first, Task.Delay(50)) != first)
        {
            Clock.Advance(IReadCacheHubGrain.Lease);
        }

        await first;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class IntakeClusterCollection : ICollectionFixture<IntakeClusterFixture>
{
    public const string Name = "Intake grains";
}
