using System.Net;
using System.Text;

namespace HomeUniteUs.Tests.Unit.Cognito;

/// <summary>Stands in for the network: records each request (with its body) and answers from a script.</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    public static RecordingHandler Answering(HttpStatusCode status, string body, string contentType = "application/x-amz-json-1.1") =>
        new(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        return answer(request);
    }
}
