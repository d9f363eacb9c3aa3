namespace HomeUniteUs.Configuration;

/// <summary>
/// Turns the FastAPI-style DATABASE_URL (postgresql://user:pass@host:port/db, or the
/// postgresql+psycopg2:// spelling) into an Npgsql connection string.
/// </summary>
public static class DatabaseUrl
{
    public static string ToConnectionString(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? url[..schemeEnd] : string.Empty;
        var plus = scheme.IndexOf('+', StringComparison.Ordinal);
        var baseScheme = plus >= 0 ? scheme[..plus] : scheme;
        if (baseScheme is not ("postgresql" or "postgres"))
        {
            throw new SettingsException("Invalid environment variable DATABASE_URL: expected postgresql://user:pass@host:port/db");
        }

        if (!Uri.TryCreate("postgresql" + url[schemeEnd..], UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new SettingsException("Invalid environment variable DATABASE_URL: expected postgresql://user:pass@host:port/db");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var parts = new List<string>
        {
            $"Host={uri.Host}",
            $"Port={(uri.Port > 0 ? uri.Port : 5432)}",
            $"Database={Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'))}",
        };
        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Quote(Uri.UnescapeDataString(userInfo[0]))}");
        }

        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Quote(Uri.UnescapeDataString(userInfo[1]))}");
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            parts.Add(Parameter(name, value));
        }

        return string.Join(';', parts);
    }

    /// <summary>The URL query parameters understood, as libpq names them (and two of Npgsql's pool), with their Npgsql keyword.</summary>
    private static readonly Dictionary<string, string> Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["target_session_attrs"] = "Target Session Attributes",
        ["max_pool_size"] = "Maximum Pool Size",
        ["min_pool_size"] = "Minimum Pool Size",
    };

    private static readonly Dictionary<string, string> SslModes = new(StringComparer.Ordinal)
    {
        ["disable"] = "Disable",
        ["allow"] = "Allow",
        ["prefer"] = "Prefer",
        ["require"] = "Require",
        ["verify-ca"] = "VerifyCA",
        ["verify-full"] = "VerifyFull",
    };

    /// <summary>
    /// One query parameter as a connection string part. An unknown name or a bad value stops start-up with one line, as
    /// libpq refuses them: a misspelt sslmode silently ignored would connect without the TLS it asked for.
    /// </summary>
    private static string Parameter(string name, string value)
    {
        if (!Parameters.TryGetValue(name, out var keyword))
        {
            throw new SettingsException(
                $"Invalid environment variable DATABASE_URL: unknown query parameter '{name}' (known: {string.Join(", ", Parameters.Keys)})");
        }

        if (name == "sslmode")
        {
            return SslModes.TryGetValue(value, out var mode)
                ? $"{keyword}={mode}"
                : throw new SettingsException($"Invalid environment variable DATABASE_URL: sslmode '{value}' is not one of {string.Join(", ", SslModes.Keys)}");
        }

        if (name is "connect_timeout" or "max_pool_size" or "min_pool_size"
            && !(int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0))
        {
            throw new SettingsException($"Invalid environment variable DATABASE_URL: {name} '{value}' is not a positive whole number");
        }

        return $"{keyword}={Quote(value)}";
    }

    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
