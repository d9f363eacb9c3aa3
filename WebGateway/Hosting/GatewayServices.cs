using HomeUniteUs.Observability;
using HomeUniteUs.WebGateway.ActivityList;
using HomeUniteUs.WebGateway.Health;
using HomeUniteUs.WebGateway.Idempotency;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.Hosting;

public static class GatewayServices
{
    /// <summary>Maximum request body: generous for intake answers, small enough to refuse abuse early.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// The gateway's services. <paramref name="inSilo"/>: the process is also a silo (HUU_COHOSTED_API), whose own
    /// IClusterClient/IGrainFactory the endpoints get; otherwise a client connects to the cluster in the background.
    /// </summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder, HuuSettings settings, bool inSilo)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Enforced here: reading a larger body throws, and the exception handler answers 413 in the error shape.
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            // Loosened on purpose, re-imposed by RequestShapeMiddleware: Kestrel refuses a non-ASCII header byte or a
            // long request line before any middleware runs, with an empty 400/414 and no X-Request-ID
            // (RawRequestTests are red with Kestrel's own limits).
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            kestrel.Limits.MaxRequestLineSize = Http.RequestShapeMiddleware.ServerRequestLineLimit;
        });
        builder.Logging.SetMinimumLevel(LogLevels.Parse(settings.LogLevel));
        // ASP.NET's own request lines print query strings (the invite link carries a password).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        // Registered before the cluster client: stopping runs in reverse, so the client is the last to go.
        services.AddSingleton<GracefulShutdown>();
        services.AddHostedService(sp => sp.GetRequiredService<GracefulShutdown>());
        services.Configure<HostOptions>(options => options.ShutdownTimeout = GracefulShutdown.ShutdownTimeout(settings));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(settings.DatabaseConnectionString));
        services.AddSingleton(sp => new ClusterClientHost(settings, sp.GetRequiredService<ILoggerFactory>(), inSilo ? sp.GetRequiredService<IClusterClient>() : null));
        if (!inSilo)
        {
            services.AddHostedService(sp => sp.GetRequiredService<ClusterClientHost>());

            // Endpoints take IClusterClient/IGrainFactory; resolving one before a silo joined is a 503 (health routes take neither).
            services.AddSingleton(sp => sp.GetRequiredService<ClusterClientHost>().Client);
            services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<IClusterClient>());
        }

        services.AddReadCaches();
        services.AddActivityStream(builder.Configuration);

        services.AddCognitoAuthentication();
        services.AddGatewayValidation();
        services.AddSingleton<GatewayOutage>();
        services.AddSingleton<IdempotencyKeyStore>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddHttpClient(ReadinessProbe.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<ReadinessProbe>();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(ApiDocument.Name, new() { Title = "Home Unite Us API", Version = "v1" });
            swagger.OperationFilter<IdempotencyKeyOperationFilter>();
            swagger.MapType<PathId>(() => new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Integer, Format = "int32", Minimum = "1" });
        });
        services.AddSingleton<ApiDocument>();
        return builder;
    }
}
