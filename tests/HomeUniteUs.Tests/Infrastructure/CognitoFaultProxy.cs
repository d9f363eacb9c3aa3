using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP/1.1 proxy in front of moto that misbehaves on demand, per Cognito operation (the
/// X-Amz-Target header): <see cref="Fault.LoseReply"/> lets the operation happen in moto and then resets
/// the connection instead of answering, <see cref="Fault.Refuse"/> resets it without forwarding.
/// One request per connection (it answers with <c>Connection: close</c>).
/// </summary>
public sealed class CognitoFaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly HttpClient upstream;
    private readonly Task serving;
    private volatile IReadOnlyDictionary<string, Fault> faults = new Dictionary<string, Fault>();

    public CognitoFaultProxy(Uri moto)
    {
        upstream = new HttpClient { BaseAddress = moto };
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        serving = Serve();
    }

    public enum Fault
    {
        LoseReply,
        Refuse,
    }

    public Uri Address { get; }

    /// <summary>While true, every request is refused (Cognito is down): the key set and every operation.</summary>
    public bool Down { get; set; }

    /// <summary>Replaces the faults; an operation not named is passed through.</summary>
    public void Set(IReadOnlyDictionary<string, Fault> operations) => faults = operations;

    public void Heal()
    {
        faults = new Dictionary<string, Fault>();
        Down = false;
    }

    private async Task Serve()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (method, target, headers, body) = await ReadRequest(stream);
                var operation = headers.TryGetValue("X-Amz-Target", out var amzTarget) ? amzTarget.Split('.').Last() : string.Empty;
                var isFaulty = faults.TryGetValue(operation, out var fault);
                if (Down || isFaulty && fault == Fault.Refuse)
                {
                    Reset(client);
                    return;
                }

                using var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = new ByteArrayContent(body) };
                foreach (var (name, value) in headers)
                {
                    if (new[] { "Host", "Content-Length", "Connection" }.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        request.Content.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                using var response = await upstream.SendAsync(request);
                var answer = await response.Content.ReadAsByteArrayAsync();
                if (isFaulty && fault == Fault.LoseReply)
                {
                    Reset(client);
                    return;
                }

                var head = new StringBuilder($"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n");
                foreach (var header in response.Headers.Concat(response.Content.Headers))
                {
                    if (header.Key is not ("Content-Length" or "Transfer-Encoding" or "Connection"))
                    {
                        head.Append(header.Key).Append(": ").Append(string.Join(",", header.Value)).Append("\r\n");
                    }
                }

                head.Append("Content-Length: ").Append(answer.Length).Append("\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                await stream.WriteAsync(answer);
            }
            catch (Exception e) when (e is IOException or SocketException or HttpRequestException or FormatException)
            {
                Reset(client);
            }
        }
    }

    private static void Reset(TcpClient client)
    {
        client.LingerState = new LingerOption(true, 0);
        client.Close();
    }

    private static async Task<(string Method, string Target, Dictionary<string, string> Headers, byte[] Body)> ReadRequest(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || buffer[^4] != '\r' || buffer[^3] != '\n' || buffer[^2] != '\r' || buffer[^1] != '\n')
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("The connection closed before the request's head ended");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body);
        return (start[0], start[1], headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await serving;
        upstream.Dispose();
    }
}
