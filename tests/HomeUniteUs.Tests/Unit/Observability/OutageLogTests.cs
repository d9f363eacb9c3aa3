using HomeUniteUs.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HomeUniteUs.Tests.Unit.Observability;

/// <summary>
/// An outage on a fake clock: one error line when the refusals start (with the first cause), one line when
/// a success comes <see cref="OutageLog.Quiet"/> after the last refusal (with the count), nothing in between.
/// </summary>
public sealed class OutageLogTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly RecordingLogger logger = new();

    [Fact]
    public void Thousands_of_refusals_are_two_lines_the_start_with_its_cause_and_the_end_with_the_count()
    {
        var outage = new OutageLog("The database", clock, logger);
        var first = new InvalidOperationException("connection refused");
        outage.Refused(first);
        for (var i = 1; i < 5_000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            outage.Refused(new InvalidOperationException("connection refused again"));

            // Reads served from memory meanwhile do not end it.
            outage.Succeeded();
        }

        clock.Advance(OutageLog.Quiet - TimeSpan.FromMilliseconds(1));
        outage.Succeeded();
        Assert.Single(logger.Lines);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        outage.Succeeded();
        outage.Succeeded();

        Assert.Equal(2, logger.Lines.Count);
        var (startLevel, startText, cause) = logger.Lines[0];
        Assert.Equal(LogLevel.Error, startLevel);
        Assert.Same(first, cause);
        Assert.Contains("The database is unavailable", startText, StringComparison.Ordinal);
        var (endLevel, endText, endCause) = logger.Lines[1];
        Assert.Equal(LogLevel.Information, endLevel);
        Assert.Null(endCause);
        Assert.Contains("5000 requests were refused", endText, StringComparison.Ordinal);
        Assert.Contains("over 5.0 s", endText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_outage_after_the_end_is_logged_again_with_its_own_count()
    {
        var outage = new OutageLog("The database", clock, logger);
        outage.Refused(new InvalidOperationException("down"));
        clock.Advance(OutageLog.Quiet);
        outage.Succeeded();
        outage.Refused(new InvalidOperationException("down again"));
        outage.Refused(new InvalidOperationException("still down"));
        clock.Advance(OutageLog.Quiet);
        outage.Succeeded();

        Assert.Equal([LogLevel.Error, LogLevel.Information, LogLevel.Error, LogLevel.Information], logger.Lines.Select(l => l.Level));
        Assert.Contains("1 requests were refused", logger.Lines[1].Text, StringComparison.Ordinal);
        Assert.Contains("2 requests were refused", logger.Lines[3].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Successes_without_an_outage_log_nothing()
    {
        var outage = new OutageLog("The database", clock, logger);
        outage.Succeeded();
        clock.Advance(TimeSpan.FromMinutes(1));
        outage.Succeeded();
        Assert.Empty(logger.Lines);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Text, Exception? Cause)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception), exception));
    }
}
