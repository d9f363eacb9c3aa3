using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>
/// JSON the parser rejects or cannot represent is a 422 VALIDATION_ERROR on every JSON route of the OpenAPI
/// document, for every role and for nobody signed in (before and after authentication alike), whether the bad
/// part sits in a known field, an unknown one, a key or a nested value.
/// </summary>
[Collection(GatewayCollection.Name)]
public class BadJsonTests(ServiceStack stack)
{
    public static readonly string[] Bodies =
    [
        """{"email":"a@b.co","password":"x","\ud800":1}""",
        """{"\udc00":"x"}""",
        """{"email":"\ud800"}""",
        """{"email":"a@b.co","password":"\udc00\ud800"}""",
        """{"org_name":"Fine","unknown":{"deeper":["\ud83d"]}}""",
        """{"responses":[{"fieldId":"\ud800","value":1}]}""",
        """{"responses":[{"fieldId":"first_name","value":"\udfff"}],"decision":"APPROVED"}""",
        """{"responses":[{"fieldId":"first_name","value":"Ana","\ud800x":2}]}""",
        """{"org_name":"One","org_name":"Two"}""",
        """{"email":"a@b.co","password":"x","password":"y"}""",
        "{\"email\":\"a\u0000b@example.com\"}",
        "{\"x\":" + new string('[', 70) + new string(']', 70) + "}",
        """{"email":"a@b.co","password":"x","z":1e999}""",
        """{"org_name":"Fine","unknown":{"n":[-1e999]}}""",
        "{\"email\":\"a@b.co\",\"z\":" + new string('9', 400) + "}",
    ];

    [Fact]
    public async Task Every_json_route_answers_422_to_json_it_cannot_represent_for_every_role_and_for_nobody()
    {
        string?[] tokens =
        [
            null,
            (await stack.Seeded("admin@example.com")).AccessToken,
            (await stack.Seeded("guesta@example.com")).AccessToken,
            (await stack.Seeded("hosta@example.com")).AccessToken,
            (await stack.Seeded("coordinatora@example.com")).AccessToken,
        ];
        using var document = await stack.Http.GetAsync(new Uri("/docs/v1/openapi.json", UriKind.Relative));
        var routes = (await Json(document, HttpStatusCode.OK)).GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Value.TryGetProperty("requestBody", out _))
                .Select(operation => (Method: new HttpMethod(operation.Name.ToUpperInvariant()), Path: System.Text.RegularExpressions.Regex.Replace(path.Name, "\\{[^}]+\\}", "1"))))
            .ToList();
        Assert.True(routes.Count >= 14, $"only {routes.Count} routes with a JSON body in the OpenAPI document");

        foreach (var (method, path) in routes)
        {
            foreach (var token in tokens)
            {
                foreach (var body in Bodies)
                {
                    using var request = ServiceStack.Request(method, path, token, JsonContent(body));
                    using var response = await stack.Http.SendAsync(request);
                    var error = await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
                    Assert.True(error.GetProperty("errors").GetArrayLength() > 0, $"{method} {path} with {body}: {error}");
                }
            }
        }
    }

    [Theory]
    [InlineData("""{"email":"a@b.co","password":"\ud800"}""", "password")]
    [InlineData("""{"email":"a@b.co","password":"x","nested":{"\ud800":1}}""", "nested")]
    [InlineData("""{"email":"a@b.co","password":"x","list":[1,"\udc00"]}""", "list[1]")]
    [InlineData("""{"email":"a@b.co","email":"b@b.co","password":"x"}""", "body")]
    [InlineData("""{"email":"a@b.co","password":"x","z":{"y":[1,1e999]}}""", "z.y[1]")]
    public async Task The_422_names_where_the_bad_json_is(string json, string field)
    {
        using var response = await stack.Http.PostAsync(new Uri("/api/auth/signin", UriKind.Relative), JsonContent(json));
        await Invalid(response, field);
    }

    [Fact]
    public async Task Bad_json_to_a_protected_route_without_a_token_is_422_and_with_a_token_too()
    {
        const string json = """{"org_name":"x","\ud800":1}""";
        using var anonymous = await stack.Http.PostAsync(new Uri("/api/housing-orgs", UriKind.Relative), JsonContent(json));
        await Error(anonymous, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        using var request = ServiceStack.Request(HttpMethod.Post, "/api/housing-orgs", (await stack.Seeded("guesta@example.com")).AccessToken, JsonContent(json));
        using var guest = await stack.Http.SendAsync(request);
        await Error(guest, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
    }
    [Theory]
    [InlineData("""{"email":123,"password":true,"firstName":[],"role":{}}""", "email:wrong,password:wrong,firstName:wrong,role:wrong")]
    [InlineData("""{"email":5}""", "email:wrong,password:required,firstName:required,role:required")]
    [InlineData("""{"email":"not-an-email","password":7,"firstName":"Ana","role":"pilot"}""", "email:other,password:wrong,role:other")]
    public async Task A_body_of_the_wrong_types_names_every_bad_field_not_only_the_first(string json, string expected)
    {
        using var response = await stack.Http.PostAsync(new Uri("/api/auth/signup", UriKind.Relative), JsonContent(json));
        var errors = (await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")).GetProperty("errors").EnumerateArray()
            .Select(e => (Field: e.GetProperty("field").GetString()!, Message: e.GetProperty("message").GetString()!)).ToList();
        var kinds = errors.Select(e => e.Field + ":" + e.Message switch
        {
            "Input has the wrong JSON type for this field" => "wrong",
            "Field required" => "required",
            _ => "other",
        });
        Assert.Equal(expected.Split(','), kinds);
    }

    [Fact]
    public async Task A_body_that_is_not_json_to_a_write_route_that_reads_none_is_415_and_changes_nothing()
    {
        var guest = await TestAccounts.SignUp(stack, "guest");
        using (var refused = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", guest.AccessToken, JsonContent("bye", "text/plain"))))
        {
            await Error(refused, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        }

        // Not signed out: the token still works, and a sign-out without a body still signs out.
        using (var current = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Get, "/api/users/current", guest.AccessToken)))
        {
            await Json(current, HttpStatusCode.OK);
        }

        using (var signedOut = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Post, "/api/auth/signout", guest.AccessToken)))
        {
            await Json(signedOut, HttpStatusCode.OK);
        }

        // A route that does not exist for the method stays 405 whatever the body's type.
        using var wrongMethod = await stack.Http.SendAsync(ServiceStack.Request(HttpMethod.Delete, "/api/auth/signout", guest.AccessToken, JsonContent("bye", "text/plain")));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }
}
