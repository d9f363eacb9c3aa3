using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.HousingOrgs;

[Collection(GatewayCollection.Name)]
public class HousingOrgRoutesTests(ServiceStack stack)
{
    private string Admin => stack.Seeded("admin@example.com").GetAwaiter().GetResult().AccessToken;

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? json = null, string? token = null,
        string contentType = "application/json", bool expectContinue = false)
    {
        using var request = ServiceStack.Request(method, path, token, json is null ? null : JsonContent(json, contentType));
        if (expectContinue)
        {
            request.Headers.ExpectContinue = true;
        }
        return await stack.Http.SendAsync(request);
    }

    private static string UniqueName() => "Org " + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Create_then_read_back_by_id_and_in_the_ordered_list()
    {
        var name = UniqueName();
        using var created = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}","unknown":1}""", Admin);
        var org = await Json(created, HttpStatusCode.Created);
        var id = org.GetProperty("housing_org_id").GetInt64();
        Assert.Equal(name, org.GetProperty("org_name").GetString());
        Assert.False(org.TryGetProperty("unknown", out _));
        Assert.Equal($"/api/housing-orgs/{id}", created.Headers.Location?.OriginalString);

        using var read = await Send(HttpMethod.Get, $"/api/housing-orgs/{id}");
        Assert.Equal(name, (await Json(read, HttpStatusCode.OK)).GetProperty("org_name").GetString());

        using var second = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", Admin);
        var secondId = (await Json(second, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
        Assert.True(secondId > id);

        using var list = await Send(HttpMethod.Get, "/api/housing-orgs");
        var ids = (await Json(list, HttpStatusCode.OK)).EnumerateArray().Select(o => o.GetProperty("housing_org_id").GetInt64()).ToList();
        Assert.Contains(id, ids);
        Assert.Contains(secondId, ids);
        Assert.Equal(ids.Order().ToList(), ids);
    }

    [Fact]
    public async Task Creating_an_existing_name_redirects_to_the_existing_org()
    {
        var name = UniqueName();
        using var first = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", Admin);
        var id = (await Json(first, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
        using var again = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", Admin);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Equal($"/api/housing-orgs/{id}", again.Headers.Location?.OriginalString);

        using var list = await Send(HttpMethod.Get, "/api/housing-orgs");
        Assert.Single((await Json(list, HttpStatusCode.OK)).EnumerateArray(), o => o.GetProperty("org_name").GetString() == name);
    }

    [Fact]
    public async Task Put_updates_an_existing_org_and_creates_one_at_a_new_id()
    {
        using var created = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", Admin);
        var id = (await Json(created, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
        var renamed = UniqueName();
        using var update = await Send(HttpMethod.Put, $"/api/housing-orgs/{id}", $$"""{"org_name":"{{renamed}}","housing_org_id":{{id}}}""", Admin);
        Assert.Equal(renamed, (await Json(update, HttpStatusCode.OK)).GetProperty("org_name").GetString());

        var newId = 900_000 + Random.Shared.Next(1, 99_999);
        using var put = await Send(HttpMethod.Put, $"/api/housing-orgs/{newId}", $$"""{"org_name":"{{UniqueName()}}"}""", Admin);
        Assert.Equal(newId, (await Json(put, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64());

        // The sequence never hands out an id chosen by a PUT.
        using var next = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", Admin);
        Assert.True((await Json(next, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64() > newId);
    }

    [Fact]
    public async Task Put_with_a_different_body_id_is_a_conflict_and_changes_nothing()
    {
        var name = UniqueName();
        using var created = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", Admin);
        var id = (await Json(created, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
        using var put = await Send(HttpMethod.Put, $"/api/housing-orgs/{id}", $$"""{"org_name":"other","housing_org_id":{{id + 1}}}""", Admin);
        await Error(put, HttpStatusCode.Conflict, "CONFLICT");
        using var read = await Send(HttpMethod.Get, $"/api/housing-orgs/{id}");
        Assert.Equal(name, (await Json(read, HttpStatusCode.OK)).GetProperty("org_name").GetString());
    }

    [Fact]
    public async Task Renaming_to_a_name_another_org_holds_is_a_conflict()
    {
        var taken = UniqueName();
        using var a = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{taken}}"}""", Admin);
        await Json(a, HttpStatusCode.Created);
        using var b = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", Admin);
        var bId = (await Json(b, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
        using var put = await Send(HttpMethod.Put, $"/api/housing-orgs/{bId}", $$"""{"org_name":"{{taken}}"}""", Admin);
        await Error(put, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Delete_removes_the_org_and_a_second_delete_is_not_found()
    {
        using var created = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", Admin);
        var id = (await Json(created, HttpStatusCode.Created)).GetProperty("housing_org_id").GetInt64();
        using var delete = await Send(HttpMethod.Delete, $"/api/housing-orgs/{id}", token: Admin);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var read = await Send(HttpMethod.Get, $"/api/housing-orgs/{id}");
        await Error(read, HttpStatusCode.NotFound, "NOT_FOUND");
        using var again = await Send(HttpMethod.Delete, $"/api/housing-orgs/{id}", token: Admin);
        await Error(again, HttpStatusCode.NotFound, "NOT_FOUND");
        using var list = await Send(HttpMethod.Get, "/api/housing-orgs");
        Assert.DoesNotContain((await Json(list, HttpStatusCode.OK)).EnumerateArray(), o => o.GetProperty("housing_org_id").GetInt64() == id);
    }

    [Fact]
    public async Task Unknown_id_is_not_found()
    {
        using var read = await Send(HttpMethod.Get, "/api/housing-orgs/987654321");
        await Error(read, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"org_name":5}""", "org_name")]
    [InlineData("""{"org_name":null}""", "org_name")]
    [InlineData("""{"org_name":["a"]}""", "org_name")]
    [InlineData("""{"org_name":{"x":1}}""", "org_name")]
    [InlineData("""{"org_name":true}""", "org_name")]
    [InlineData("""{}""", "org_name")]
    [InlineData("""{"org_name":""}""", "org_name")]
    [InlineData("""{"org_name":"   "}""", "org_name")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{bad json""", "body")]
    [InlineData("""   """, "body")]
    [InlineData("\"just a string\"", "body")]
    public async Task Bad_bodies_on_post_are_422_naming_the_field(string json, string field)
    {
        using var post = await Send(HttpMethod.Post, "/api/housing-orgs", json, Admin);
        await Invalid(post, field);
    }

    [Theory]
    [InlineData("""{"org_name":5}""", "org_name")]
    [InlineData("""{}""", "org_name")]
    [InlineData("""{"org_name":"ok","housing_org_id":"seven"}""", "housing_org_id")]
    [InlineData("""{"org_name":"ok","housing_org_id":-3}""", "housing_org_id")]
    [InlineData("""{"org_name":"ok","housing_org_id":1.5}""", "housing_org_id")]
    public async Task Bad_bodies_on_put_are_422_naming_the_field(string json, string field)
    {
        using var put = await Send(HttpMethod.Put, "/api/housing-orgs/5", json, Admin);
        await Invalid(put, field);
    }

    [Theory]
    [InlineData("GET", "/api/housing-orgs/abc")]
    [InlineData("GET", "/api/housing-orgs/0")]
    [InlineData("GET", "/api/housing-orgs/-1")]
    [InlineData("GET", "/api/housing-orgs/99999999999999999999999")]
    [InlineData("PUT", "/api/housing-orgs/abc")]
    [InlineData("DELETE", "/api/housing-orgs/1.5")]
    [InlineData("GET", "/api/housing-orgs/2147483648")]
    [InlineData("DELETE", "/api/housing-orgs/9223372036854775807")]
    public async Task Non_numeric_ids_are_422(string method, string path)
    {
        using var response = await Send(new HttpMethod(method), path, method == "PUT" ? """{"org_name":"x"}""" : null, Admin);
        await Invalid(response, "id");
    }

    [Fact]
    public async Task An_id_above_int32_never_reaches_the_sequence_and_creation_keeps_working()
    {
        foreach (var id in new[] { "9223372036854775807", "2147483648" })
        {
            using var put = await Send(HttpMethod.Put, $"/api/housing-orgs/{id}", """{"org_name":"Too far"}""", Admin);
            await Invalid(put, "id");
        }

        using var created = await Send(HttpMethod.Post, "/api/housing-orgs", $$"""{"org_name":"After the edge {{Guid.NewGuid():N}}"}""", Admin);
        await Json(created, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_non_json_content_type_is_415()
    {
        using var post = await Send(HttpMethod.Post, "/api/housing-orgs", "org_name=x", Admin, "application/x-www-form-urlencoded");
        await Error(post, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task A_huge_body_is_refused_in_the_error_shape()
    {
        var huge = $$"""{"org_name":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        // Expect: 100-continue, as a careful client sends a large body: the 413 comes before the body is sent. Without
        // it the client may still be writing when the server answers and closes, and sees a broken pipe instead.
        using var post = await Send(HttpMethod.Post, "/api/housing-orgs", huge, Admin, expectContinue: true);
        await Error(post, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        var long_ = $$"""{"org_name":"{{new string('x', 5000)}}"}""";
        using var tooLong = await Send(HttpMethod.Post, "/api/housing-orgs", long_, Admin);
        await Invalid(tooLong, "org_name");
    }

    [Theory]
    [InlineData("POST", "/api/housing-orgs")]
    [InlineData("PUT", "/api/housing-orgs/1")]
    [InlineData("DELETE", "/api/housing-orgs/1")]
    public async Task Writes_need_a_token_and_the_admin_role(string method, string path)
    {
        var body = """{"org_name":"Role test"}""";
        using var anonymous = await Send(new HttpMethod(method), path, method == "DELETE" ? null : body);
        await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        foreach (var email in new[] { "guesta@example.com", "hosta@example.com", "coordinatora@example.com" })
        {
            var token = (await stack.Seeded(email)).AccessToken;
            using var refused = await Send(new HttpMethod(method), path, method == "DELETE" ? null : body, token);
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }
}
