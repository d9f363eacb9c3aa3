using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Configuration;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Health;
using Microsoft.AspNetCore.Authentication;
using Npgsql;

namespace HomeUniteUs.WebGateway.Hosting;

public static class GatewayServices
{
    /// <summary>Maximum request body: generous for intake answers, small enough to refuse abuse early.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, HuuSettings settings)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            // Let odd header bytes and long request lines reach the app, which refuses them in the error shape.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            kestrel.Limits.MaxRequestLineSize = Http.RequestShapeMiddleware.ServerRequestLineLimit;
        });
        builder.Logging.SetMinimumLevel(LogLevels.Parse(settings.LogLevel));
        // ASP.NET's own request lines print query strings (the invite link carries a password).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(settings.DatabaseConnectionString));
        services.AddSingleton<ClusterClientHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClientHost>());

        // One key cache per process (a typed client would be transient: a fetch per resolution).
        services.AddHttpClient(nameof(JwksCache), http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton(sp => new JwksCache(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(JwksCache)), settings, sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(ReadinessProbe.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<ReadinessProbe>();
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
