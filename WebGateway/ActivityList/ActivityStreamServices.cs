namespace HomeUniteUs.WebGateway.ActivityList;

public static class ActivityStreamServices
{
    /// <summary>The live activity stream: its settings (read once, at start) and the gateway's one feed.</summary>
    public static IServiceCollection AddActivityStream(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ActivityStreamOptions.From(configuration));
        services.AddSingleton<ActivityFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ActivityFeed>());
        return services;
    }
}
