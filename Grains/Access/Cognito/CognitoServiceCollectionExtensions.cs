using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Grains.Access.Cognito;

public static class CognitoServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CognitoClient"/> as a typed HttpClient: signed (SigV4), with timeouts and retries
    /// (<see cref="CognitoResilience"/>), and <see cref="CognitoTokenEndpoint"/>. Needs <see cref="HuuSettings"/> registered.
    /// </summary>
    public static IServiceCollection AddCognitoClient(this IServiceCollection services)
    {
        services.AddHttpClient<CognitoClient>()
            .ConfigurePrimaryHttpMessageHandler(provider => CognitoRequestSigning.CreateHandler(
                provider.GetRequiredService<HuuSettings>(),
                new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }))
            .AddResilienceHandler("cognito", CognitoResilience.Configure);

        // The OAuth token endpoint: unsigned, and never retried (a code is good for one exchange).
        services.AddHttpClient<CognitoTokenEndpoint>(http => http.Timeout = CognitoResilience.AttemptTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) });
        return services;
    }
}
