using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace HomeUniteUs.Observability;

public sealed class HuuConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>LOG_FORMAT=json: one JSON object per line instead of text.</summary>
    public bool Json { get; set; }
}

/// <summary>
/// The console format of both processes. Text (the default) looks like .NET's simple
/// formatter and ends a line written inside a trace with its trace id; JSON writes one object
/// per line: timestamp, level, category, message, traceId, spanId, requestId (and exception).
/// Formatting runs on the logging thread, so <see cref="Activity.Current"/> is the caller's.
/// </summary>
public sealed class HuuConsoleFormatter(IOptionsMonitor<HuuConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "huu";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var activity = Activity.Current;
        if (options.CurrentValue.Json)
        {
            textWriter.Write(JsonLine(logEntry.LogLevel, logEntry.Category, message, logEntry.Exception, activity, RequestIdOf(logEntry.State, activity)));
            return;
        }

        var text = new StringBuilder();
        text.Append(ShortLevel(logEntry.LogLevel)).Append(": ").Append(logEntry.Category).Append('[').Append(logEntry.EventId.Id).Append(']').AppendLine();
        text.Append("      ").Append(message);
        if (activity is not null)
        {
            text.Append(" trace=").Append(activity.TraceId.ToHexString());
        }

        text.AppendLine();
        if (logEntry.Exception is not null)
        {
            text.AppendLine(logEntry.Exception.ToString());
        }

        textWriter.Write(text.ToString());
    }

    private string JsonLine(LogLevel level, string category, string message, Exception? exception, Activity? activity, string? requestId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", (options.CurrentValue.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            json.WriteString("message", message);
            WriteOrNull(json, "traceId", activity?.TraceId.ToHexString());
            WriteOrNull(json, "spanId", activity?.SpanId.ToHexString());
            WriteOrNull(json, "requestId", requestId);
            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + Environment.NewLine;
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The request id a log line names, else the one the gateway put on the request's span.</summary>
    private static string? RequestIdOf<TState>(TState state, Activity? activity)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            foreach (var (key, value) in properties)
            {
                if (key == "RequestId" && value is string id)
                {
                    return id;
                }
            }
        }

        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.GetTagItem(TelemetryNames.RequestIdTag) is string tagged)
            {
                return tagged;
            }
        }

        return null;
    }

    private static string ShortLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
