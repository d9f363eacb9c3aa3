using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Configuration;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.AspNetCore.Authentication;
using Npgsql;

namespace HomeUniteUs.WebGateway.Hosting;

public static class GatewayServices
{
    /// <summary>Maximum request body: generous for intake answers, small enough to refuse abuse early.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// The gateway's services. <paramref name="cohosted"/>: the process is also a silo (HUU_COHOSTED_API),
    /// so grain calls go to the silo's own client instead of a connection to the cluster.
    /// </summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, HuuSettings settings, bool cohosted = false)
    {
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://localhost:8000");
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevels.Parse(settings.LogLevel));
        // ASP.NET's own request lines print query strings (the invite link carries a password).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(settings.DatabaseConnectionString));
        services.AddSingleton(sp => new ClusterClientHost(settings, sp.GetRequiredService<ILoggerFactory>(), cohosted ? sp.GetRequiredService<IClusterClient>() : null));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClientHost>());
        services.AddReadCaches();

        services.AddHttpClient<JwksCache>(http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<StoreCallerCheck>();
        services.AddSingleton<ICallerCheck>(sp => sp.GetRequiredService<StoreCallerCheck>());
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AnyUser, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(UserRoles.Admin))
            .AddPolicy(Policies.CoordinatorOrAdmin, policy => policy.RequireRole(UserRoles.Coordinator, UserRoles.Admin));

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger => swagger.SwaggerDoc("v1", new() { Title = "Home Unite Us API", Version = "v1" }));
        return builder;
    }
}
