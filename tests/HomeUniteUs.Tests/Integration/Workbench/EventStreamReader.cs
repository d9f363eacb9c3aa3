using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.Workbench;

/// <summary>One frame of a Server-Sent Events stream: an event (id, type, data) or a comment line.</summary>
public sealed record SseFrame(string? Id, string? Event, string? Data, string? Comment)
{
    public JsonElement Json => JsonDocument.Parse(Data!).RootElement.Clone();
}

/// <summary>
/// GET /api/coordinator/activity/stream read as a client does: headers first (ResponseHeadersRead), then the body
/// line by line, one frame per blank line. Every wait is bounded.
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    public const string Path = "/api/coordinator/activity/stream";

    private readonly HttpResponseMessage response;
    private readonly StreamReader body;

    private EventStreamReader(HttpResponseMessage response, StreamReader body)
    {
        this.response = response;
        this.body = body;
    }

    public HttpResponseMessage Response => response;

    /// <summary>Opens the stream; asserts 200 and text/event-stream.</summary>
    public static async Task<EventStreamReader> Open(HttpClient http, TestAccount reader, long? lastEventId = null)
    {
        var response = await Send(http, reader.AccessToken, lastEventId);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Only a refusal has a body that ends.
            Assert.Fail($"the stream answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public static async Task<HttpResponseMessage> Send(HttpClient http, string? token, long? lastEventId = null, string? rawLastEventId = null)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, Path, token);
        if ((rawLastEventId ?? lastEventId?.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } last)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", last);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The next frame, or null when the stream ended or nothing came within <paramref name="timeout"/>.</summary>
    public async Task<SseFrame?> Next(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        string? id = null, type = null, comment = null;
        var data = new List<string>();
        try
        {
            while (await body.ReadLineAsync(wait.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (id is not null || type is not null || data.Count > 0 || comment is not null)
                    {
                        return new SseFrame(id, type, data.Count > 0 ? string.Join('\n', data) : null, comment);
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    comment = line[1..].Trim();
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id":
                        id = value;
                        break;
                    case "event":
                        type = value;
                        break;
                    case "data":
                        data.Add(value);
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Event frames (comments skipped) until one matches <paramref name="last"/>; fails if it never comes.</summary>
    public async Task<List<SseFrame>> EventsUntil(Func<SseFrame, bool> last, TimeSpan timeout)
    {
        var frames = new List<SseFrame>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var frame = await Next(deadline - DateTime.UtcNow).WaitAsync(timeout);
            if (frame is null)
            {
                break;
            }

            if (frame.Comment is not null && frame.Data is null)
            {
                continue;
            }

            frames.Add(frame);
            if (last(frame))
            {
                return frames;
            }
        }

        Assert.Fail($"The awaited event never arrived; got {frames.Count} events: {string.Join(", ", frames.Select(f => f.Event + "#" + f.Id))}");
        return frames;
    }

    /// <summary>Whether the frame is the note_added event of note <paramref name="noteId"/>.</summary>
    public static bool IsNote(SseFrame frame, long noteId) =>
        frame.Event == "note_added" && frame.Json.GetProperty("details").GetProperty("noteId").GetInt64() == noteId;

    public async ValueTask DisposeAsync()
    {
        body.Dispose();
        response.Dispose();
        await Task.CompletedTask;
    }
}
