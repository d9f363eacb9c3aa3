using Microsoft.Extensions.Configuration;

namespace HomeUniteUs.Configuration;

/// <summary>
/// Every setting of the service, read once from the host's IConfiguration (a .env file overlaid by the environment,
/// <see cref="SettingsSources"/>) under the names the FastAPI service used, so its deploy configuration still applies.
/// Read and checked before the host is built (the log level, Kestrel, Orleans' clustering and the migrations need it):
/// a missing or malformed setting stops start-up with one line naming it.
/// </summary>
public sealed record HuuSettings
{
    public required string DatabaseConnectionString { get; init; }
    public required string CognitoClientId { get; init; }
    public required string CognitoClientSecret { get; init; }
    public required string CognitoRegion { get; init; }
    public required string CognitoUserPoolId { get; init; }
    public required string CognitoAccessId { get; init; }
    public required string CognitoAccessKey { get; init; }
    public string? CognitoRedirectUri { get; init; }
    public string? CognitoEndpointUrl { get; init; }

    /// <summary>The Cognito IdP API endpoint: COGNITO_IDP_ENDPOINT_URL, or the real AWS regional endpoint.</summary>
    public required Uri CognitoIdpEndpoint { get; init; }

    public required string Environment { get; init; }
    public required Uri RootUrl { get; init; }
    public required string LogLevel { get; init; }
    public required string ClusterId { get; init; }
    public required int SiloPort { get; init; }
    public required int GatewayPort { get; init; }
    public required string AdvertisedAddress { get; init; }

    /// <summary>HUU_COORDINATOR_SIGNUP: <c>open</c> (default) or <c>closed</c>, when coordinators come only by invite.</summary>
    public bool CoordinatorSignUpOpen { get; init; } = true;

    /// <summary>
    /// HUU_SHUTDOWN_DELAY (seconds, default 5): how long a gateway told to stop keeps serving while it reports
    /// not-ready, so that a load balancer polling /api/health/ready takes it out before it stops accepting.
    /// </summary>
    public TimeSpan ShutdownDelay { get; init; } = DefaultShutdownDelay;

    public static readonly TimeSpan DefaultShutdownDelay = TimeSpan.FromSeconds(5);

    /// <summary>HUU_OVERDUE_AFTER: from a step's or meeting's scheduled time to its <c>reminder_overdue</c> (seconds, default 86400).</summary>
    public TimeSpan OverdueAfter { get; init; } = TimeSpan.FromSeconds(DefaultOverdueAfterSeconds);

    public const int DefaultOverdueAfterSeconds = 86400;

    public bool IsDevelopment => Environment.Equals("development", StringComparison.OrdinalIgnoreCase)
        || Environment.Equals("local", StringComparison.OrdinalIgnoreCase);

    /// <summary>The issuer Cognito writes into its tokens (moto uses the AWS form too).</summary>
    public string TokenIssuer => $"https://cognito-idp.{CognitoRegion}.amazonaws.com/{CognitoUserPoolId}";

    /// <summary>Where the pool's signing keys are published.</summary>
    public Uri JwksUri => new($"{CognitoIdpEndpoint.ToString().TrimEnd('/')}/{CognitoUserPoolId}/.well-known/jwks.json");

    /// <summary>The ADO.NET provider name Orleans' clustering and storage use for PostgreSQL.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>Orleans' service id: fixed, because grain storage rows are keyed by it.</summary>
    public const string ServiceId = "homeuniteus";

    /// <summary>Reads the settings; a missing or malformed variable throws <see cref="SettingsException"/> naming it.</summary>
    public static HuuSettings Load(IReadOnlyDictionary<string, string> source)
    {
        string Required(string name) =>
            source.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
                ? value.Trim()
                : throw new SettingsException($"Missing required environment variable: {name}");
        string? Optional(string name) =>
            source.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        int Port(string name, int fallback)
        {
            var raw = Optional(name);
            if (raw is null)
            {
                return fallback;
            }

            return int.TryParse(raw, out var port) && port is > 0 and < 65536
                ? port
                : throw new SettingsException($"Invalid environment variable {name}: expected a port number, got '{raw}'");
        }

        var region = Required("COGNITO_REGION");
        var idp = Optional("COGNITO_IDP_ENDPOINT_URL") ?? $"https://cognito-idp.{region}.amazonaws.com";
        var rootUrl = Required("ROOT_URL");
        return new HuuSettings
        {
            DatabaseConnectionString = DatabaseUrl.ToConnectionString(Required("DATABASE_URL")),
            CognitoClientId = Required("COGNITO_CLIENT_ID"),
            CognitoClientSecret = Required("COGNITO_CLIENT_SECRET"),
            CognitoRegion = region,
            CognitoUserPoolId = Required("COGNITO_USER_POOL_ID"),
            CognitoAccessId = Required("COGNITO_ACCESS_ID"),
            CognitoAccessKey = Required("COGNITO_ACCESS_KEY"),
            CognitoRedirectUri = Optional("COGNITO_REDIRECT_URI"),
            CognitoEndpointUrl = Optional("COGNITO_ENDPOINT_URL"),
            CognitoIdpEndpoint = Uri.TryCreate(idp, UriKind.Absolute, out var idpUri)
                ? idpUri
                : throw new SettingsException($"Invalid environment variable COGNITO_IDP_ENDPOINT_URL: '{idp}' is not an absolute URL"),
            Environment = Optional("HUU_ENVIRONMENT") ?? "production",
            RootUrl = Uri.TryCreate(rootUrl, UriKind.Absolute, out var root)
                ? root
                : throw new SettingsException($"Invalid environment variable ROOT_URL: '{rootUrl}' is not an absolute URL"),
            LogLevel = Optional("LOG_LEVEL") ?? "INFO",
            ClusterId = Optional("ORLEANS_CLUSTER_ID") ?? "huu",
            SiloPort = Port("ORLEANS_SILO_PORT", 11111),
            GatewayPort = Port("ORLEANS_GATEWAY_PORT", 30000),
            AdvertisedAddress = Optional("ORLEANS_ADVERTISED_IP") ?? "127.0.0.1",
            CoordinatorSignUpOpen = (Optional("HUU_COORDINATOR_SIGNUP") ?? "open") switch
            {
                "open" => true,
                "closed" => false,
                var other => throw new SettingsException($"Invalid environment variable HUU_COORDINATOR_SIGNUP: expected open or closed, got '{other}'"),
            },
            ShutdownDelay = Optional("HUU_SHUTDOWN_DELAY") switch
            {
                null => DefaultShutdownDelay,
                var raw when int.TryParse(raw, out var seconds) && seconds is >= 0 and <= 300 => TimeSpan.FromSeconds(seconds),
                var raw => throw new SettingsException($"Invalid environment variable HUU_SHUTDOWN_DELAY: expected whole seconds from 0 to 300, got '{raw}'"),
            },
            OverdueAfter = TimeSpan.FromSeconds(PositiveSeconds(Optional("HUU_OVERDUE_AFTER"), "HUU_OVERDUE_AFTER", DefaultOverdueAfterSeconds)),
        };
    }

    /// <summary>A number of seconds: absent = <paramref name="fallback"/>; a positive integer, else <see cref="SettingsException"/> naming <paramref name="name"/>.</summary>
    private static int PositiveSeconds(string? raw, string name, int fallback)
    {
        if (raw is null)
        {
            return fallback;
        }

        return int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : throw new SettingsException($"Invalid environment variable {name}: expected a positive whole number of seconds, got '{raw}'");
    }

    /// <summary>The settings in the host's <paramref name="configuration"/> (<see cref="SettingsSources"/>).</summary>
    public static HuuSettings Load(IConfiguration configuration) => Load(configuration.AsSettings());

    /// <summary>The settings a tool outside the hosts reads: a .env file overlaid by the environment (<see cref="SettingsSources"/>).</summary>
    public static IReadOnlyDictionary<string, string> ReadEnvironment(string? dotEnvPath = null) =>
        new ConfigurationBuilder().AddHuuSettingsSources(dotEnvPath).Build().AsSettings();
}

/// <summary>A setting is missing or malformed; the message names it and is meant for one line on stderr.</summary>
public sealed class SettingsException(string message) : Exception(message);
