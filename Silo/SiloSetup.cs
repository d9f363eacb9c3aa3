using System.Net;
using HomeUniteUs.Grains;
using HomeUniteUs.Grains.Health;
using HomeUniteUs.Grains.Interfaces.Configuration;
using HomeUniteUs.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

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
            options.ConnectionString = settings.DatabaseConnectionString;
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

        silo.AddStartupTask(async (services, cancellation) =>
        {
            try
            {
                await Startup.CognitoGroups.Ensure(services, cancellation);
                await Startup.InterruptedFlowSweep.Run(services, cancellation);
                await Startup.InterruptedProposalSweep.Run(services, cancellation);
                await Startup.DevelopmentSeeder.Run(services, cancellation);
            }
            finally
            {
                // A silo that could not finish its start-up work still serves; the log says what failed.
                services.GetRequiredService<SiloStartup>().MarkComplete();
            }
        });
        return silo.AddHomeUniteUsGrains(settings);
    }

    /// <summary>Grain storage and the grains' services, without clustering (the test clusters bring their own).</summary>
    public static ISiloBuilder AddHomeUniteUsGrains(this ISiloBuilder silo, HuuSettings settings)
    {
        silo.AddAdoNetGrainStorage(StateNames.Store, options =>
        {
            options.Invariant = HuuSettings.AdoNetInvariant;
            options.ConnectionString = settings.DatabaseConnectionString;
            options.DeleteStateOnClear = true;
        });
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.AddHomeUniteUsGrains(settings);
        return silo;
    }
}
