using System.Net.Sockets;
using System.Text;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>Requests no HttpClient would send, written on a socket: each still gets the error shape and an X-Request-ID.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RawRequestTests(ServiceStack stack)
{
    [Fact]
    public async Task A_body_that_arrives_too_slowly_is_408_not_422()
    {
        var response = await Exchange(
            "POST /api/auth/signin HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\":",
            TimeSpan.FromSeconds(40));
        AssertErrorShape(response, 408, "REQUEST_TIMEOUT");
    }

    [Fact]
    public async Task A_header_with_non_ASCII_bytes_is_400_in_the_error_shape()
    {
        var response = await Exchange("GET /api/health HTTP/1.1\r\nHost: t\r\nX-Name: caf\u00e9\r\nConnection: close\r\n\r\n", TimeSpan.FromSeconds(20), Encoding.Latin1);
        AssertErrorShape(response, 400, "BAD_REQUEST");
    }

    [Fact]
    public async Task A_request_line_over_8_KB_is_414_in_the_error_shape()
    {
        var response = await Exchange($"GET /api/housing-orgs?q={new string('a', 9000)} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", TimeSpan.FromSeconds(20));
        AssertErrorShape(response, 414, "URI_TOO_LONG");
    }

    private static void AssertErrorShape(string response, int status, string code)
    {
        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Request-ID: ", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"\"code\":\"{code}\"", response, StringComparison.Ordinal);
        Assert.Contains($"\"status\":{status}", response, StringComparison.Ordinal);
    }

    private async Task<string> Exchange(string request, TimeSpan timeout, Encoding? encoding = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(stack.BaseAddress.Host, stack.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync((encoding ?? Encoding.ASCII).GetBytes(request));
        using var deadline = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                var text = Encoding.Latin1.GetString(received.ToArray());
                if (text.Contains("\"requestId\"", StringComparison.Ordinal) && text.TrimEnd().EndsWith('}'))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
