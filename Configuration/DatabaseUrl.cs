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
            if (kv.Length == 2 && kv[0] == "sslmode")
            {
                parts.Add($"SSL Mode={Uri.UnescapeDataString(kv[1])}");
            }
        }

        return string.Join(';', parts);
    }

    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
