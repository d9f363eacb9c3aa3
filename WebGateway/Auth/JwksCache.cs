using HomeUniteUs.Grains.Interfaces.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// The user pool's signing keys, fetched once and refreshed when a token names a key id we
/// do not know (Cognito rotates keys) — at most once every few seconds, so forged kids cannot
/// make us hammer the IdP.
/// </summary>
public sealed class JwksCache(HttpClient http, HuuSettings settings, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile IReadOnlyList<SecurityKey> keys = [];
    private DateTimeOffset lastFetch = DateTimeOffset.MinValue;

    public DateTimeOffset LastFetch => lastFetch;

    /// <summary>The keys, fetching them when none are known or <paramref name="kid"/> is unknown.</summary>
    public async Task<IReadOnlyList<SecurityKey>> KeysFor(string? kid, CancellationToken cancellationToken)
    {
        var current = keys;
        if (current.Count > 0 && (kid is null || current.Any(k => k.KeyId == kid)))
        {
            return current;
        }

        await Refresh(force: false, cancellationToken);
        return keys;
    }

    /// <summary>Fetches the key set now (used by the readiness check and on unknown kids).</summary>
    public async Task Refresh(bool force, CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (!force && keys.Count > 0 && clock.GetUtcNow() - lastFetch < MinRefreshInterval)
            {
                return;
            }

            var json = await http.GetStringAsync(settings.JwksUri, cancellationToken);
            keys = [.. new JsonWebKeySet(json).GetSigningKeys()];
            lastFetch = clock.GetUtcNow();
        }
        finally
        {
            refreshing.Release();
        }
    }

    public void Dispose() => refreshing.Dispose();
}
