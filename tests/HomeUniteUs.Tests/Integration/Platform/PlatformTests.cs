using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

[Collection(GatewayCollection.Name)]
public class PlatformTests(ServiceStack stack)
{
    [Fact]
    public async Task Health_is_UP_and_ready_names_every_check()
    {
        using var health = await stack.Http.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal("UP", (await Json(health, HttpStatusCode.OK)).GetString());
        using var ready = await stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        var body = await Json(ready, HttpStatusCode.OK);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "cognito", "cluster" })
        {
            Assert.Equal("ok", body.GetProperty("checks").GetProperty(check).GetString());
        }
    }

    [Fact]
    public async Task The_silo_log_says_the_development_users_are_ready_without_their_password()
    {
        // Ready waits for the seeding, so its log line is written (it reaches the output a moment later): the log is being read.
        Assert.Contains(true, await Task.WhenAll(stack.Silos.Select(silo => silo.Logged("Development users ready"))));
        Assert.All(stack.Silos, silo => Assert.DoesNotContain(TestAccounts.SeedPassword, silo.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_request_id_is_kept_and_anything_else_replaced()
    {
        using var kept = ServiceStack.Request(HttpMethod.Get, "/api/health");
        kept.Headers.Add("X-Request-ID", "abc-123");
        using var keptResponse = await stack.Http.SendAsync(kept);
        Assert.Equal("abc-123", keptResponse.Headers.GetValues("X-Request-ID").Single());

        using var replaced = ServiceStack.Request(HttpMethod.Get, "/api/health");
        replaced.Headers.TryAddWithoutValidation("X-Request-ID", new string('x', 65));
        using var replacedResponse = await stack.Http.SendAsync(replaced);
        var id = replacedResponse.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual(new string('x', 65), id);
        Assert.False(string.IsNullOrEmpty(id));

        using var injected = ServiceStack.Request(HttpMethod.Get, "/api/nothing-here");
        injected.Headers.TryAddWithoutValidation("X-Request-ID", "bad id <script>");
        using var injectedResponse = await stack.Http.SendAsync(injected);
        var body = await Error(injectedResponse, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotEqual("bad id <script>", body.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_in_the_error_shape()
    {
        using var missing = await stack.Http.GetAsync(new Uri("/api/does-not-exist", UriKind.Relative));
        await Error(missing, HttpStatusCode.NotFound, "NOT_FOUND");
        using var request = ServiceStack.Request(HttpMethod.Patch, "/api/housing-orgs");
        using var wrongMethod = await stack.Http.SendAsync(request);
        await Error(wrongMethod, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_routes_and_the_UI_is_served()
    {
        using var document = await stack.Http.GetAsync(new Uri("/docs/v1/openapi.json", UriKind.Relative));
        var openApi = await Json(document, HttpStatusCode.OK);
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/housing-orgs", paths);
        Assert.Contains("/api/housing-orgs/{id}", paths);
        using var ui = await stack.Http.GetAsync(new Uri("/docs/index.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", await ui.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
