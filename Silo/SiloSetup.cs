using System.Net;
using HomeUniteUs.Grains;
using HomeUniteUs.Grains.Health;
using HomeUniteUs.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Storage;

namespace HomeUniteUs.Silo;

/// <summary>How a Home Unite Us silo is put together; shared by the process and the test clusters.</summary>
public static class SiloSetup
{
    public static ISiloBuilder AddHomeUniteUs(this ISiloBuilder silo, HuuSettings settings, bool configureEndpoints = true)
    {
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = HuuSettings.ServiceId;
        });
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = HuuSettings.AdoNetInvariant;
            options.ConnectionString = GrainServices.ForOrleans(settings.DatabaseConnectionString);
        });
        // A dead silo is noticed in seconds, and a silo joining next to a dead one (no heartbeat for
        // 30 s) does not wait for it: a crash costs seconds of 503s, not minutes.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            options.TableRefreshTimeout = TimeSpan.FromSeconds(15);
        });
        if (configureEndpoints)
        {
            silo.ConfigureEndpoints(IPAddress.Parse(settings.AdvertisedAddress), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
        }

        // Start-up work, in this order, after the silo is active; then the silo reports ready.
        // Each task logs its own failure: a silo that could not finish it still serves.
        silo.AddStartupTask<Startup.CognitoGroups>(ServiceLifecycleStage.Active + 1);
        silo.AddStartupTask<Startup.PendingFlowsAtStart>(ServiceLifecycleStage.Active + 2);
        silo.AddStartupTask<Startup.InterruptedProposalSweep>(ServiceLifecycleStage.Active + 3);
        silo.AddStartupTask<Startup.SourcesBackfill>(ServiceLifecycleStage.Active + 3);
        silo.AddStartupTask<Startup.DevelopmentSeeder>(ServiceLifecycleStage.Active + 4);
        silo.AddStartupTask((services, _) =>
        {
            services.GetRequiredService<SiloStartup>().MarkComplete();
            return Task.CompletedTask;
        }, ServiceLifecycleStage.Active + 5);
        silo.Services.AddHostedService<Startup.PendingFlowRecovery>();
        silo.Services.AddHostedService<Startup.ActivityOutboxRecovery>();
        silo.Services.AddHostedService<HomeUniteUs.Grains.ActivityList.ActivityFeedForwarder>();
        silo.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services =>
            new OutageQuietLogging(ActivatorUtilities.CreateInstance<LoggerFactory>(services))));
        return silo.AddHomeUniteUsGrains(settings);
    }

    /// <summary>Grain storage and the grains' services, without clustering (the test clusters bring their own).</summary>
    public static ISiloBuilder AddHomeUniteUsGrains(this ISiloBuilder silo, HuuSettings settings)
    {
        silo.AddAdoNetGrainStorage(StateNames.Store, options =>
        {
            options.Invariant = HuuSettings.AdoNetInvariant;
            options.ConnectionString = GrainServices.ForOrleans(settings.DatabaseConnectionString);
            options.DeleteStateOnClear = true;
        });
        // Decorates the provider just registered under the same name: outages become 503s, stale connections are dropped.
        silo.Services.AddKeyedSingleton<IGrainStorage>(StateNames.Store, (services, name) => new OutageAwareGrainStorage(
            AdoNetGrainStorageFactory.Create(services, (string)name!), services.GetRequiredService<DatabasePools>()));
        silo.UseSystemTextJsonGrainStorageSerializer();

        // Durable reminders (ScheduleReminderGrain) in the same PostgreSQL: migration 0006.
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = HuuSettings.AdoNetInvariant;
            options.ConnectionString = GrainServices.ForOrleans(settings.DatabaseConnectionString);
        });
        silo.Services.AddHomeUniteUsGrains(settings);

        // Orleans' payload is read (by the start-up backfill and the sweeps) with the serializer its provider writes it with.
        silo.Services.AddSingleton(services => new GrainStateReader(
            services.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            services.GetRequiredService<DatabasePools>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StateNames.Store).GrainStorageSerializer
                ?? services.GetRequiredService<IGrainStorageSerializer>()));
        return silo;
    }
}
