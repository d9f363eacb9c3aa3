using HomeUniteUs.Grains.Storage;

namespace HomeUniteUs.Silo;

/// <summary>
/// Orleans logs every activation that fails at error level, with its stack, in two lines (category
/// <see cref="ActivationCategory"/>), and every failed state write twice more: the ADO.NET provider
/// (<see cref="StorageCategory"/>) and the grain's storage bridge (under the provider's type, ours:
/// <see cref="OutageAwareGrainStorage"/>). While PostgreSQL is down every activation that reads state
/// and every write fails: over a thousand lines in an outage of ten seconds. That outage is logged once by
/// <see cref="DatabasePools"/> (when it starts, and when it ends with a count), so Orleans' lines whose
/// exception is a database outage are dropped here; any other failure is logged as before.
/// </summary>
public sealed class OutageQuietLogging(ILoggerFactory inner) : ILoggerFactory
{
    public const string ActivationCategory = "Orleans.Grain";
    public const string StorageCategory = "Orleans.Storage.AdoNetGrainStorage";

    private static readonly string[] QuietCategories = [ActivationCategory, StorageCategory, typeof(OutageAwareGrainStorage).FullName!];

    public ILogger CreateLogger(string categoryName) =>
        QuietCategories.Contains(categoryName, StringComparer.Ordinal) ? new Quiet(inner.CreateLogger(categoryName)) : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class Quiet(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!DatabaseOutage.IsOutage(exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
