using HomeUniteUs.WebGateway.Access;
using HomeUniteUs.WebGateway.HousingOrgs;
using HomeUniteUs.WebGateway.Workflow;

namespace HomeUniteUs.WebGateway.ReadCaches;

public static class ReadCacheServices
{
    /// <summary>The lease with the read-cache hub and the caches that follow it.</summary>
    public static IServiceCollection AddReadCaches(this IServiceCollection services)
    {
        services.AddSingleton<ReadCacheLease>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadCacheLease>());
        services.AddSingleton<JsonBodies>();
        services.AddSingleton<HousingOrgReadCache>();
        services.AddSingleton<CurrentUserReadCache>();
        services.AddSingleton<DashboardReadCache>();
        services.AddSingleton<StatsReadCache>();
        services.AddSingleton<ActivityList.ActivityReadCache>();
        return services;
    }
}
