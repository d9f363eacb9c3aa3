using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>
/// Every route of the OpenAPI document, called by an admin with junk in every place input goes:
/// whatever the answer, it is never a 5xx and always in the one error shape.
/// </summary>
[Collection(GatewayCollection.Name)]
public class GarbageInputTests(ServiceStack stack)
{
    // (A NUL in the path is refused by Kestrel itself, at the protocol layer, before the app sees it.)
    private static readonly string[] PathValues =
        ["0", "-7", "abc", "1e3", "99999999999999999999", "%20", "1.5", "%E2%82%AC", "2147483648", "9223372036854775807", "-2147483649", "%2B5", "0x10", "1_000"];

    private static readonly string[] Bodies =
    [
        "", "null", "[]", "\"text\"", "12", "{", "{\"a\":", "{}", "{\"email\":{}}",
        "{\"email\":[1],\"password\":{},\"firstName\":true,\"role\":5,\"responses\":\"x\",\"org_name\":[],\"status\":{},\"notes\":7,\"coordinatorId\":\"x\",\"decision\":[]}",
        "{\"responses\":[{\"fieldId\":null,\"value\":{\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}]}",
        "{\"email\":\"\\u0000@example.com\",\"password\":\"\\ud800\"}",
        .. BadJsonTests.Bodies,
    ];

    [Fact]
    public async Task No_route_answers_5xx_to_junk()
    {
        // The admin reaches the most code; the others meet the role checks, nobody meets authentication first.
        string?[] callers =
        [
            (await stack.Seeded("admin@example.com")).AccessToken, null, (await stack.Seeded("guesta@example.com")).AccessToken,
            (await stack.Seeded("hosta@example.com")).AccessToken, (await stack.Seeded("coordinatora@example.com")).AccessToken,
        ];
        using var document = await stack.Http.GetAsync(new Uri("/docs/v1/openapi.json", UriKind.Relative));
        var openApi = await Json(document, HttpStatusCode.OK);
        var calls = 0;
        foreach (var path in openApi.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                if (path.Name.Contains("signout", StringComparison.Ordinal))
                {
                    continue; // would end the shared admin session
                }

                if (operation.Value.GetRawText().Contains("text/event-stream", StringComparison.Ordinal))
                {
                    continue; // a stream never ends; its one input (Last-Event-ID) is tested by ActivityStreamTests
                }

                foreach (var value in path.Name.Contains('{', StringComparison.Ordinal) ? PathValues : ["-"])
                {
                    var url = System.Text.RegularExpressions.Regex.Replace(path.Name, "\\{[^}]+\\}", value) + "?email=%zz&code=&password=";
                    foreach (var (body, caller) in (method == HttpMethod.Get || method == HttpMethod.Delete ? [""] : Bodies).SelectMany(b => callers.Select(c => (b, c))))
                    {
                        using var request = ServiceStack.Request(method, url, caller, body.Length == 0 ? null : JsonContent(body));
                        using var response = await stack.Http.SendAsync(request);
                        calls++;
                        var status = (int)response.StatusCode;
                        Assert.True(status < 500, $"{method} {url} with {body} answered {status}: {await response.Content.ReadAsStringAsync()}");
                        if (status >= 400)
                        {
                            var text = await response.Content.ReadAsStringAsync();
                            Assert.True(text.Length > 0, $"{method} {url} with {body} answered {status} without a body");
                            var error = JsonDocument.Parse(text).RootElement;
                            Assert.True(error.TryGetProperty("code", out _) && error.TryGetProperty("detail", out _), $"{method} {url}: {text}");
                        }
                    }
                }
            }
        }

        Assert.True(calls > 100, $"only {calls} calls: the OpenAPI document lists too few routes");
        Assert.True(calls >= 10_000, $"only {calls} calls: issue 9 asks for a sweep of at least 10,000 requests");
    }
}
