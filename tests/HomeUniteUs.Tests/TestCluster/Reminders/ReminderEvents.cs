using System.Text.Json;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.Reminders;

/// <summary>The reminder events kept in huu_activity, read straight from PostgreSQL by their source key.</summary>
public sealed class ReminderEvents(string connectionString)
{
    /// <summary>The events whose source key starts with <c>reminder:{grainKey}:</c>, oldest first.</summary>
    public async Task<List<KeptReminder>> Of(string grainKey)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT type, user_id, details::text, source_key, at FROM huu_activity WHERE source_key LIKE @prefix ORDER BY id", connection);
        command.Parameters.AddWithValue("prefix", $"reminder:{grainKey}:%");
        var kept = new List<KeptReminder>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            kept.Add(new KeptReminder(rows.GetString(0), rows.GetInt64(1), JsonDocument.Parse(rows.GetString(2)).RootElement.Clone(), rows.GetString(3),
                rows.GetFieldValue<DateTimeOffset>(4)));
        }

        return kept;
    }

    /// <summary>Polls until <paramref name="grainKey"/> has <paramref name="count"/> events (bounded), and returns them.</summary>
    public async Task<List<KeptReminder>> Await(string grainKey, int count, TimeSpan? bound = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var kept = await Of(grainKey);
            if (kept.Count >= count)
            {
                return kept;
            }

            Assert.True(waited.Elapsed < (bound ?? TimeSpan.FromSeconds(30)),
                $"{grainKey}: {kept.Count} reminder events after {waited.Elapsed.TotalSeconds:F0} s, expected {count} ({string.Join(", ", kept.Select(k => k.Type))})");
            await Task.Delay(50);
        }
    }
}

/// <summary>One kept reminder event.</summary>
public sealed record KeptReminder(string Type, long UserId, JsonElement Details, string SourceKey, DateTimeOffset At)
{
    public DateTimeOffset ScheduledAt => Details.GetProperty("scheduledAt").GetDateTimeOffset();
}
