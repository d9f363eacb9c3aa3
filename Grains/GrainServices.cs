using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Grains;

/// <summary>The services the grains depend on.</summary>
public static class GrainServices
{
    public static IServiceCollection AddHomeUniteUsGrains(this IServiceCollection services, HuuSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(settings.DatabaseConnectionString));
        services.AddSingleton<DatabasePools>();
        services.AddSingleton<IIncomingGrainCallFilter, DatabaseOutageFilter>();
        services.AddSingleton<IIncomingGrainCallFilter, UnknownIdFilter>();
        services.AddSingleton<GrainStateReader>();
        services.AddSingleton<IdSequence>();
        services.AddSingleton<ActivityList.ActivityStore>();
        services.AddSingleton<ActivityList.PeopleTable>();
        services.AddSingleton<Workflow.SourceRows>();
        services.AddSingleton<Workflow.DashboardSources>();
        services.AddSingleton<ActivityList.ActivityOutbox>();
        services.AddSingleton<Health.SiloStartup>();
        services.AddSingleton<Access.PendingFlowSweep>();
        services.AddCognitoClient();
        return services;
    }
}
