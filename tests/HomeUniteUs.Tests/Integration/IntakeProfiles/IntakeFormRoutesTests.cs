using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

[Collection(GatewayCollection.Name)]
public sealed class IntakeFormRoutesTests(ServiceStack stack)
{
    private readonly IntakeApi api = new(stack);

    [Theory]
    [InlineData("guest")]
    [InlineData("host")]
    [InlineData("coordinator")]
    [InlineData("admin")]
    public async Task Any_signed_in_user_reads_both_forms_as_json(string role)
    {
        var reader = role == "admin" ? await IntakePeople.Admin(stack) : await stack.Seeded($"{role}a@example.com");

        foreach (var formId in new[] { "1", "2" })
        {
            using var response = await api.Send(HttpMethod.Get, $"{IntakeApi.Root}/form/{formId}", reader.AccessToken);
            var form = await Json(response, HttpStatusCode.OK);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(formId, form.GetProperty("id").GetString());
            var fields = form.GetProperty("fieldGroups").EnumerateArray().SelectMany(g => g.GetProperty("fields").EnumerateArray()).ToList();
            Assert.NotEmpty(fields);
            Assert.All(fields, field =>
            {
                foreach (var member in new[] { "id", "title", "type", "properties", "validations" })
                {
                    Assert.True(field.TryGetProperty(member, out _), $"a field lacks {member}");
                }
            });
        }
    }

    [Fact]
    public async Task The_guest_form_has_the_groups_of_the_issue_and_the_host_form_its_own()
    {
        var reader = await stack.Seeded("hosta@example.com");
        using var guest = await api.Send(HttpMethod.Get, $"{IntakeApi.Root}/form/1", reader.AccessToken);
        var guestGroups = (await Json(guest, HttpStatusCode.OK)).GetProperty("fieldGroups").EnumerateArray().Select(g => g.GetProperty("id").GetString()).ToList();
        Assert.Equal(
            ["basic_information", "contact_information", "other_guests_and_pets", "employment", "education", "languages", "substance_use", "mental_health", "program_interest", "about_you"],
            guestGroups);

        using var host = await api.Send(HttpMethod.Get, $"{IntakeApi.Root}/form/2", reader.AccessToken);
        var hostGroups = (await Json(host, HttpStatusCode.OK)).GetProperty("fieldGroups").EnumerateArray().Select(g => g.GetProperty("id").GetString()).ToList();
        Assert.Equal(["personal_information", "home", "restrictions"], hostGroups);
    }

    [Fact]
    public async Task An_unknown_form_is_not_found_and_a_non_numeric_id_is_invalid()
    {
        var reader = await stack.Seeded("guesta@example.com");

        using var unknown = await api.Send(HttpMethod.Get, $"{IntakeApi.Root}/form/3", reader.AccessToken);
        var body = await Error(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("Form with id 3 does not exist.", body.GetProperty("message").GetString());

        foreach (var bad in new[] { "abc", "0", "-1", "1.5", "99999999999999999999" })
        {
            using var invalid = await api.Send(HttpMethod.Get, $"{IntakeApi.Root}/form/{bad}", reader.AccessToken);
            await Invalid(invalid, "formId");
        }
    }

    [Theory]
    [InlineData("GET", "/form/1")]
    [InlineData("GET", "/form/3")]
    [InlineData("GET", "/responses/1")]
    [InlineData("PUT", "/responses/1")]
    [InlineData("GET", "/1")]
    [InlineData("PUT", "/1")]
    [InlineData("POST", "/1/submit")]
    [InlineData("POST", "/1/review")]
    public async Task Every_route_refuses_an_anonymous_caller(string method, string path)
    {
        var json = method == "GET" ? null : """{"responses":[{"fieldId":"first_name","value":"Ana"}],"decision":"APPROVED"}""";
        using var response = await api.Send(new HttpMethod(method), IntakeApi.Root + path, token: null, json);
        await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task A_forged_token_is_anonymous()
    {
        var forged = TestTokens.Access(stack.Environment, "admin@example.com", ["Admins"], signingKey: TestTokens.ForeignKey());
        using var response = await api.Send(HttpMethod.Get, $"{IntakeApi.Root}/form/1", forged);
        await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }
}
