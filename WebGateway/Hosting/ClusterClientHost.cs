using Orleans.Configuration;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>
/// The gateway's Orleans client, connected in the background: a gateway started before any
/// silo answers health checks at once, says 503 on everything else, and serves as soon as a
/// silo joins the membership table. In a silo that co-hosts the API, <paramref name="inSilo"/> is the
/// silo's own client and nothing connects.
/// </summary>
public sealed class ClusterClientHost(HuuSettings settings, ILoggerFactory loggerFactory, IClusterClient? inSilo = null) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private IHost? clientHost;
    private volatile IClusterClient? client = inSilo;
    private Task? connecting;

    public bool IsConnected => client is not null;

    /// <summary>The connected client; a 503 while no silo has been reached yet.</summary>
    public IClusterClient Client => client ?? throw HuuException.Unavailable("The service is starting: no silo is available yet");

    public IGrainFactory Grains => Client;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<ClusterClientHost>();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.UseOrleansClient(orleans =>
        {
            orleans.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = HuuSettings.ServiceId;
            });
            orleans.AddActivityPropagation();
            orleans.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));

            // A request to a silo that died answers 503 after this, not after Orleans' default 30 s.
            orleans.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(15));
            orleans.UseAdoNetClustering(options =>
            {
                options.Invariant = HuuSettings.AdoNetInvariant;
                options.ConnectionString = settings.DatabaseConnectionString;
            });
            orleans.UseConnectionRetryFilter(async (exception, token) =>
            {
                logger.LogWarning("No silo reachable yet ({Reason}); retrying", exception.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), token);
                return !token.IsCancellationRequested;
            });
        });
        clientHost = builder.Build();
        connecting = Task.Run(async () =>
        {
            try
            {
                await clientHost.StartAsync(stopping.Token);
                client = clientHost.Services.GetRequiredService<IClusterClient>();
                logger.LogInformation("Connected to the Orleans cluster {ClusterId}", settings.ClusterId);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogCritical(e, "The Orleans client could not start");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (connecting is not null)
        {
            await connecting;
        }

        if (clientHost is not null && client is not null)
        {
            await clientHost.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        clientHost?.Dispose();
        stopping.Dispose();
        await Task.CompletedTask;
    }
}
