using System.Net;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// An HTTP proxy on a loopback port in front of a real server (moto), counting the requests
/// whose path ends with a given suffix: how often the service really calls it.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Expect",
    };

    private readonly HttpListener listener = new();
    private readonly HttpClient upstream = new();
    private readonly Uri target;
    private readonly string countedSuffix;
    private readonly Task serving;
    private int count;

    public CountingProxy(Uri target, string countedSuffix)
    {
        this.target = target;
        this.countedSuffix = countedSuffix;
        var port = FreePort.Next();
        Address = new Uri($"http://127.0.0.1:{port}");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(Serve);
    }

    public Uri Address { get; }

    public int Count => Volatile.Read(ref count);

    public void Reset() => Interlocked.Exchange(ref count, 0);

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Forward(context));
        }
    }

    private async Task Forward(HttpListenerContext context)
    {
        var incoming = context.Request;
        if (incoming.Url!.AbsolutePath.EndsWith(countedSuffix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref count);
        }

        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(incoming.HttpMethod), new Uri(target, incoming.Url.PathAndQuery));
            if (incoming.HasEntityBody)
            {
                using var body = new MemoryStream();
                await incoming.InputStream.CopyToAsync(body);
                request.Content = new ByteArrayContent(body.ToArray());
            }

            foreach (var name in incoming.Headers.AllKeys.OfType<string>().Where(n => !HopHeaders.Contains(n)))
            {
                var values = incoming.Headers.GetValues(name) ?? [];
                if (!request.Headers.TryAddWithoutValidation(name, values))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, values);
                }
            }

            using var response = await upstream.SendAsync(request);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
            {
                foreach (var value in values)
                {
                    context.Response.AppendHeader(name, value);
                }
            }

            var bytes = await response.Content.ReadAsByteArrayAsync();
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
        }
        catch (HttpRequestException)
        {
            context.Response.StatusCode = 502;
        }
        finally
        {
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
        upstream.Dispose();
    }
}
