using System.Net;
using System.Text.RegularExpressions;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Tenancy;

/// <summary>
/// Every route of the served OpenAPI document, called by the coordinators of org X (the lead and one
/// other) and an unaffiliated coordinator, naming each person of org Y in every path value and in the
/// <c>userId</c> / <c>guestId</c> / <c>hostId</c> query: no answer may be 2xx for a route that names a
/// person, and no 2xx body may contain a person of Y. A route added later is walked too.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class CrossOrgMatrixTests(ServiceStack stack)
{
    private static readonly string[] Skipped = ["signout"];

    [Fact]
    public async Task No_route_shows_a_person_of_another_org()
    {
        var orgs = await TwoOrgs.Create(stack);
        using var document = await stack.Http.GetAsync(new Uri("/docs/v1/openapi.json", UriKind.Relative));
        var openApi = await Json(document, HttpStatusCode.OK);
        var callers = new[] { orgs.LeadOfX, orgs.CoordinatorOfX, orgs.PoolCoordinator };
        var leaks = new List<string>();
        var calls = 0;
        foreach (var path in openApi.GetProperty("paths").EnumerateObject().Where(p => !Skipped.Any(s => p.Name.Contains(s, StringComparison.Ordinal))))
        {
            // A stream never ends (its reach per event is ActivityStreamTests' own); every other operation is walked.
            foreach (var operation in path.Value.EnumerateObject().Where(o => !o.Value.GetRawText().Contains("text/event-stream", StringComparison.Ordinal)))
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                foreach (var person in orgs.OfY)
                {
                    var id = person.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var namesPerson = PathParameter().IsMatch(path.Name);
                    var url = PathParameter().Replace(path.Name, id) + $"?userId={id}&guestId={id}&hostId={id}";
                    foreach (var caller in callers)
                    {
                        var body = method == HttpMethod.Get || method == HttpMethod.Delete ? null
                            : JsonContent($"{{\"guestId\":{id},\"hostId\":{id},\"housingOrgId\":null,\"coordinatorId\":{caller.UserId},\"notes\":\"x\",\"completed\":true,\"responses\":[]}}");
                        using var request = ServiceStack.Request(method, url, caller.AccessToken, body);
                        using var response = await stack.Http.SendAsync(request);
                        calls++;
                        var text = await response.Content.ReadAsStringAsync();
                        if (response.IsSuccessStatusCode && (namesPerson || text.Contains(person.Email, StringComparison.OrdinalIgnoreCase)
                            || Regex.IsMatch(text, $"\"(id|userId|guestId|hostId)\":\"?{id}\"?[,}}]")))
                        {
                            leaks.Add($"{method} {url} as {caller.Email}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                        }
                    }
                }
            }
        }

        Assert.True(calls > 100, $"only {calls} calls: the OpenAPI document lists too few routes");
        Assert.Empty(leaks);
    }

    /// <summary>A path template's parameter, e.g. <c>{userId}</c>.</summary>
    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex PathParameter();
}
