namespace HomeUniteUs.Observability;

/// <summary>Maps LOG_LEVEL (Python's names: DEBUG, INFO, WARNING, ERROR, CRITICAL) to .NET log levels.</summary>
public static class LogLevels
{
    public static LogLevel Parse(string value) => value.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" or "FATAL" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
