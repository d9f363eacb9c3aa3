using System.Net;
using System.Text;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>One span as an OTLP exporter sent it.</summary>
public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int Server = 2;
    public const int Client = 3;
}

/// <summary>
/// A small OTLP/HTTP receiver (protobuf, as the .NET exporter sends it) on 127.0.0.1: keeps
/// every span posted to /v1/traces, accepts and drops metrics and logs.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<ReceivedSpan> spans = [];
    private readonly Task serving;

    public OtlpReceiver()
    {
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        serving = Task.Run(Serve);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedSpan> Spans
    {
        get
        {
            lock (spans)
            {
                return [.. spans];
            }
        }
    }

    /// <summary>Waits until the spans received satisfy <paramref name="done"/>; returns them.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitFor(Func<IReadOnlyList<ReceivedSpan>, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var now = Spans;
            if (done(now))
            {
                return now;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {what} among {now.Count} spans received:\n" + string.Join("\n", now.Select(s => $"{s.Service} {s.Scope} {s.TraceId} {s.SpanId}<-{s.ParentSpanId} {s.Name} kind={s.Kind}")));
            }

            await Task.Delay(200);
        }
    }

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                var received = OtlpTraceReader.Read(body.ToArray());
                lock (spans)
                {
                    spans.AddRange(received);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}

/// <summary>
/// Reads an ExportTraceServiceRequest (opentelemetry-proto, trace/v1) straight off the protobuf
/// wire: resource_spans(1) → resource(1).attributes(1), scope_spans(2) → scope(1).name(1), spans(2).
/// </summary>
public static class OtlpTraceReader
{
    public static List<ReceivedSpan> Read(byte[] request)
    {
        var result = new List<ReceivedSpan>();
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = "";
            foreach (var resource in Fields(resourceSpans, 1))
            {
                service = Attributes(resource, 1).GetValueOrDefault("service.name", "");
            }

            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Text(Fields(s, 1).FirstOrDefault())).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                {
                    result.Add(new ReceivedSpan(service, scope,
                        Hex(Fields(span, 1).FirstOrDefault()), Hex(Fields(span, 2).FirstOrDefault()), Hex(Fields(span, 4).FirstOrDefault()),
                        Text(Fields(span, 5).FirstOrDefault()), (int)Varints(span, 6).FirstOrDefault(), Attributes(span, 9)));
                }
            }
        }

        return result;
    }

    /// <summary>KeyValue(key 1, AnyValue 2) of field <paramref name="field"/>, every value as text.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Fields(message, field))
        {
            var key = Text(Fields(pair, 1).FirstOrDefault());
            var value = Fields(pair, 2).FirstOrDefault() ?? [];
            attributes[key] = Fields(value, 1).FirstOrDefault() is { } text ? Text(text)
                : Varints(value, 3).Select(v => ((long)v).ToString(System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault()
                ?? Encoding.UTF8.GetString(value);
        }

        return attributes;
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : Encoding.UTF8.GetString(bytes);

    private static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);

    private static IEnumerable<byte[]> Fields(byte[] message, int wanted) =>
        Walk(message).Where(f => f.Field == wanted && f.Bytes is not null).Select(f => f.Bytes!);

    private static IEnumerable<ulong> Varints(byte[] message, int wanted) =>
        Walk(message).Where(f => f.Field == wanted && f.Bytes is null).Select(f => f.Value);

    private static List<(int Field, byte[]? Bytes, ulong Value)> Walk(byte[] message)
    {
        var fields = new List<(int, byte[]?, ulong)>();
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((field, null, Varint(message, ref at)));
                    break;
                case 1:
                    fields.Add((field, null, BitConverter.ToUInt64(message, at)));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    fields.Add((field, message[at..(at + length)], 0));
                    at += length;
                    break;
                case 5:
                    fields.Add((field, null, BitConverter.ToUInt32(message, at)));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected protobuf wire type {key & 7}");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
