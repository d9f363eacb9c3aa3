using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Health;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.Silo.Startup;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>
/// The pending-flow recovery loop on a fake clock: while the store refuses (a port nobody listens on), each
/// sweep fails and the loop waits 10, 20, 40, 80, 80 s of clock time, never less.
/// </summary>
public sealed class PendingFlowRecoveryClockTests
{
    [Fact]
    public async Task While_the_store_refuses_the_recovery_waits_10_20_40_and_80_seconds_of_clock_time_between_sweeps()
    {
        var clock = new RecordingClock();
        var log = new WarningLog();
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=huu;Password=huu;Database=huu;Timeout=5;Pooling=false");
        var reader = new GrainStateReader(
            dataSource,
            new DatabasePools(dataSource, clock, NullLogger<DatabasePools>.Instance),
            new Orleans.Storage.SystemTextJsonGrainStorageSerializer(Microsoft.Extensions.Options.Options.Create(new Orleans.Serialization.SystemTextJsonGrainStorageSerializerOptions())));
        var sweep = new PendingFlowSweep(reader, null!, NullLogger<PendingFlowSweep>.Instance);
        var startup = new SiloStartup();
        startup.MarkComplete();
        using var recovery = new PendingFlowRecovery(sweep, startup, clock, log);
        await recovery.StartAsync(CancellationToken.None);
        try
        {
            var expected = new[] { 10, 20, 40, 80, 80 };
            for (var sweeps = 0; sweeps < expected.Length - 1; sweeps++)
            {
                var pause = await Nth(clock.Pauses, sweeps + 1);
                Assert.Equal(TimeSpan.FromSeconds(expected[sweeps]), pause);

                // One second short of the pause: no sweep; the rest of it: the sweep runs and fails.
                clock.Advance(pause - TimeSpan.FromSeconds(1));
                Assert.Equal(sweeps + 1, clock.Pauses.Count);
                Assert.Equal(sweeps, log.Messages.Count);
                clock.Advance(TimeSpan.FromSeconds(1));
                var message = await Nth(log.Messages, sweeps + 1);
                Assert.Contains($"next try in {expected[sweeps + 1]}s", message, StringComparison.Ordinal);
            }

            Assert.Equal(TimeSpan.FromSeconds(80), await Nth(clock.Pauses, expected.Length));
        }
        finally
        {
            await recovery.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A fake clock that remembers the due time of every timer (each is one pause of the loop).</summary>
    private sealed class RecordingClock : FakeTimeProvider
    {
        public List<TimeSpan> Pauses { get; } = [];

        // Recorded once the timer is set, so that a test that sees the pause never advances the clock before it.
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (Pauses)
            {
                Pauses.Add(dueTime);
            }

            return timer;
        }
    }

    private sealed class WarningLog : ILogger<PendingFlowRecovery>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (Messages)
                {
                    Messages.Add(formatter(state, exception));
                }
            }
        }
    }

    /// <summary>
    /// The <paramref name="n"/>th item once it is there: the loop's sweep runs on a real socket, so its next pause
    /// or warning comes a moment after the clock moved (longer on a loaded machine). A bounded poll (60 s), not a fixed sleep.
    /// </summary>
    private static async Task<T> Nth<T>(List<T> items, int n)
    {
        for (var i = 0; i < 1200; i++)
        {
            lock (items)
            {
                if (items.Count >= n)
                {
                    return items[n - 1];
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the recovery loop did not reach item {n}");
    }
}
