namespace HomeUniteUs.WebGateway.Auth;

/// <summary>
/// Everything the token path keeps in a gateway's memory, in one table: what, for how long, and why it is safe.
/// Every lifetime and bound below is the one its cache uses; all expire on the injected <see cref="TimeProvider"/>.
/// <code>
/// cache              | owner              | key → value                 | kept for                                  | bound   | why it is safe
/// -------------------+--------------------+-----------------------------+-------------------------------------------+---------+----------------------------------------------
/// signing keys       | CognitoSigningKeys | pool JWKS → keys            | until a token names an unknown kid;        | 1 set   | Cognito rotates keys rarely; a forged kid can
///                    |                    |                             | refetched at most every KeysRefresh        |         | cost at most one fetch per KeysRefresh
/// verified tokens    | VerifiedTokens     | token string → verdict of   | until the token expires, at most           | Tokens  | the same string verifies alike (signature,
///  (one per scheme)  |                    | signature/issuer/audience   | VerifiedTokenLifetime                      |         | issuer, audience); lifetime rechecked each time
/// subject bindings   | StoreCallerCheck   | sub → user id               | until evicted by size                      | Callers | a subject's user id never changes
/// verdicts           | StoreCallerCheck   | token id → stored user      | VerdictLifetime, and only while this       | Callers | the user grain reports sign-out, deletion and
///                    |                    | (or none: signed out)       | gateway holds its read-cache lease         |         | every change to the hub before its 200
/// change reports     | StoreCallerCheck   | user id → when it changed   | 2 × VerdictLifetime (outlives the verdicts | Callers | voids older verdicts about that user
///                    |                    |                             | it voids)                                  |         |
/// </code>
/// Cognito's OIDC discovery document is not used: the pool's keys are fetched from its <c>jwks.json</c> (moto 5.2.1
/// serves that document and no <c>openid-configuration</c>), through the framework's own <c>ConfigurationManager</c>.
/// </summary>
public static class TokenCaches
{
    /// <summary>The signing keys are fetched again at most this often (a token naming an unknown kid asks for it).</summary>
    public static readonly TimeSpan KeysRefresh = TimeSpan.FromSeconds(10);

    /// <summary>A verified token's verdict is reused at most this long after it was verified (a withdrawn key stops counting within it).</summary>
    public static readonly TimeSpan VerifiedTokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Verified tokens kept per scheme; the oldest are evicted first.</summary>
    public const int Tokens = 50_000;

    /// <summary>The user grain's verdict on a token is reused at most this long, and only under the read-cache lease.</summary>
    public static readonly TimeSpan VerdictLifetime = TimeSpan.FromSeconds(1);

    /// <summary>Entries kept by each of the store check's caches; the oldest are evicted first.</summary>
    public const int Callers = 100_000;
}
