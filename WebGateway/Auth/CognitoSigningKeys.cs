using Microsoft.IdentityModel.Protocols;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// The user pool's signing keys: one <see cref="ConfigurationManager{T}"/> per process, fetched on first
/// use and again when a token names a key id we do not know (Cognito rotates keys), at most once per
/// <see cref="TokenCaches.KeysRefresh"/> so forged kids cannot make us hammer the IdP. A token is checked only
/// against the key its <c>kid</c> names (<see cref="Resolve"/>).
/// </summary>
public sealed class CognitoSigningKeys
{
    public const string HttpClientName = "cognito-jwks";

    private readonly ConfigurationManager<JsonWebKeySet> manager;
    private volatile Snapshot current = new(null, []);

    public CognitoSigningKeys(IHttpClientFactory http, HuuSettings settings)
    {
        var documents = new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = false };
        manager = new ConfigurationManager<JsonWebKeySet>(settings.JwksUri.ToString(), new JwksRetriever(), documents)
        {
            RefreshInterval = TokenCaches.KeysRefresh,
        };
    }

    /// <summary>The current keys (fetched when none are known yet); also the readiness probe of Cognito.</summary>
    public async Task<IReadOnlyList<SecurityKey>> Keys(CancellationToken cancellationToken)
    {
        JsonWebKeySet set;
        try
        {
            set = await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            // The manager's "could not fetch and nothing cached" error: Cognito is unreachable.
            throw HuuException.Unavailable("The identity service is unreachable, please retry shortly");
        }

        var snapshot = current;
        if (!ReferenceEquals(snapshot.Set, set))
        {
            snapshot = new Snapshot(set, [.. set.GetSigningKeys()]);
            current = snapshot;
        }

        return snapshot.Keys;
    }

    /// <summary>
    /// Makes sure the key the token names is known, refreshing the set once when it is not. Called only
    /// before a token is verified for real (<see cref="VerifiedTokens"/>); the JWKS client's timeout bounds it.
    /// </summary>
    public async Task Prepare(string token)
    {
        var keys = await Keys(CancellationToken.None);
        var kid = KidOf(token);
        if (kid is not null && !keys.Any(k => k.KeyId == kid))
        {
            manager.RequestRefresh();
            await Keys(CancellationToken.None);
        }
    }

    /// <summary>The key whose id the token names, and no other.</summary>
    public IEnumerable<SecurityKey> Resolve(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters) =>
        current.Keys.Where(k => k.KeyId == kid);

    private static string? KidOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private sealed record Snapshot(JsonWebKeySet? Set, IReadOnlyList<SecurityKey> Keys);

    private sealed class JwksRetriever : IConfigurationRetriever<JsonWebKeySet>
    {
        public async Task<JsonWebKeySet> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel) =>
            new(await retriever.GetDocumentAsync(address, cancel));
    }
}
