using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>Malformed, hostile and oversized requests: always the error shape (422, 413 or 415), never a 500, and nothing stored.</summary>
[Collection(GatewayCollection.Name)]
public sealed class IntakeBadInputTests(ServiceStack stack)
{
    private static readonly ConditionalWeakTable<ServiceStack, Task<TestAccount>> Owners = [];

    private readonly IntakeApi api = new(stack);

    public static TheoryData<string, string> Bodies() => new()
    {
        { "not json", "body" },
        { "", "body" },
        { "[]", "body" },
        { "\"responses\"", "body" },
        { "{}", "responses" },
        { """{"responses":null}""", "responses" },
        { """{"responses":"first_name"}""", "responses" },
        { """{"responses":{"fieldId":"first_name","value":"Ana"}}""", "responses" },
        { """{"responses":[1]}""", "responses[0]" },
        { """{"responses":[null]}""", "responses[0]" },
        { """{"responses":[["first_name","Ana"]]}""", "responses[0]" },
        { """{"responses":[{"value":"Ana"}]}""", "responses[0].fieldId" },
        { """{"responses":[{"fieldId":7,"value":"Ana"}]}""", "responses[0].fieldId" },
        { """{"responses":[{"fieldId":"first_name"}]}""", "responses[0].value" },
        { """{"responses":[{"fieldId":"no_such_field","value":"x"}]}""", "responses[0].fieldId" },
        { """{"responses":[{"fieldId":"","value":"x"}]}""", "responses[0].fieldId" },
        { """{"responses":[{"fieldId":"private_space","value":"yes"}]}""", "responses[0].fieldId" },
        { """{"responses":[{"fieldId":"first_name","value":"A"},{"fieldId":"first_name","value":"B"}]}""", "responses[1].fieldId" },
        { """{"responses":[{"fieldId":"first_name","value":{"text":"Ana"}}]}""", "first_name" },
        { """{"responses":[{"fieldId":"first_name","value":1e999}]}""", "responses[0].value" }, // out of range anywhere: the JSON check, before any field rule
        { """{"responses":[{"fieldId":"additional_guests","value":[[[[[[[[[[[["deep"]]]]]]]]]]]]}]}""", "additional_guests" },
        { "{\"responses\":[{\"fieldId\":\"first_name\",\"value\":\"" + new string('a', 100_000) + "\"}]}", "first_name" },
        { "{\"responses\":" + new string('[', 40) + new string(']', 40) + "}", "body" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_misshapen_body_is_a_422_naming_the_bad_part_and_stores_nothing(string json, string field)
    {
        var owner = await Owner();
        foreach (var path in new[] { $"{IntakeApi.Root}/responses/{owner.UserId}", $"{IntakeApi.Root}/{owner.UserId}" })
        {
            using var response = await api.Send(HttpMethod.Put, path, owner.AccessToken, json);
            await Invalid(response, field);
        }

        Assert.Empty((await api.Profile(owner, owner.UserId)).GetProperty("responses").EnumerateArray());
    }

    [Fact]
    public async Task A_long_answer_counts_characters_not_how_the_client_escaped_them()
    {
        // 4,000 non-ASCII letters written as \uXXXX escapes (what Python's json.dumps sends): 24,000 characters of JSON.
        var owner = await TestAccounts.SignUp(stack, "guest");
        var escaped = "\"" + string.Concat(Enumerable.Repeat("\\u00e9", 4000)) + "\"";
        using (var saved = await api.PutResponses(owner.UserId, owner.AccessToken, "introduction", escaped))
        {
            await Json(saved, HttpStatusCode.OK);
        }

        var stored = IntakeApi.Answers(await api.Profile(owner, owner.UserId))["introduction"];
        Assert.Equal(new string('\u00e9', 4000), System.Text.Json.JsonDocument.Parse(stored).RootElement.GetString());

        using var tooLong = await api.PutResponses(owner.UserId, owner.AccessToken, "introduction", "\"" + string.Concat(Enumerable.Repeat("\\u00e9", 4001)) + "\"");
        await Invalid(tooLong, "introduction");
    }

    [Fact]
    public async Task Ten_thousand_small_answers_fit_the_body_limit_and_are_a_clean_422()
    {
        var owner = await Owner();
        var answers = Enumerable.Range(0, 10_000).Select(i => KeyValuePair.Create(i % 2 == 0 ? "first_name" : $"field_{i}", "\"a\""));
        var json = IntakeApi.ResponsesJson(answers);
        Assert.True(Encoding.UTF8.GetByteCount(json) < 1024 * 1024);

        using var response = await api.Send(HttpMethod.Put, $"{IntakeApi.Root}/responses/{owner.UserId}", owner.AccessToken, json);

        var error = await Invalid(response, "responses");
        Assert.Single(error.GetProperty("errors").EnumerateArray());
        Assert.Empty((await api.Profile(owner, owner.UserId)).GetProperty("responses").EnumerateArray());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var owner = await Owner();
        var json = "{\"responses\":[{\"fieldId\":\"introduction\",\"value\":\"" + new string('a', 1024 * 1024) + "\"}]}";

        // Sent with Expect: 100-continue so that the 413 arrives before the client writes the body (see IntakeApi.Send).
        using var response = await api.Send(HttpMethod.Put, $"{IntakeApi.Root}/{owner.UserId}", owner.AccessToken, json,
            expectContinue: true);

        await Error(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task A_non_json_content_type_is_415()
    {
        var owner = await Owner();
        using var response = await api.Send(HttpMethod.Put, $"{IntakeApi.Root}/{owner.UserId}", owner.AccessToken,
            """{"responses":[]}""", "text/plain");
        await Error(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("1e3")]
    public async Task A_non_numeric_user_id_is_a_422_on_every_route(string userId)
    {
        var owner = await Owner();
        foreach (var (method, path) in new[]
        {
            ("GET", $"/responses/{userId}"), ("PUT", $"/responses/{userId}"), ("GET", $"/{userId}"), ("PUT", $"/{userId}"),
            ("POST", $"/{userId}/submit"), ("POST", $"/{userId}/review"),
        })
        {
            using var response = await api.Send(new HttpMethod(method), IntakeApi.Root + path, owner.AccessToken,
                method == "GET" ? null : """{"responses":[],"decision":"APPROVED"}""");
            await Invalid(response, "userId");
        }
    }

    public static TheoryData<string, string> ReviewBodies() => new()
    {
        { "{}", "decision" },
        { """{"decision":null}""", "decision" },
        { """{"decision":1}""", "decision" },
        { """{"decision":"MAYBE"}""", "decision" },
        { """{"decision":"approved!"}""", "decision" },
        { """{"decision":"APPROVED","note":42}""", "note" },
        { "{\"decision\":\"DENIED\",\"note\":\"" + new string('n', 2001) + "\"}", "note" },
        { "[]", "body" },
    };

    [Theory]
    [MemberData(nameof(ReviewBodies))]
    public async Task A_bad_review_body_is_a_422(string json, string field)
    {
        var owner = await Owner();
        var admin = await IntakePeople.Admin(stack);

        using var response = await api.Send(HttpMethod.Post, $"{IntakeApi.Root}/{owner.UserId}/review", admin.AccessToken, json);

        await Invalid(response, field);
    }

    private Task<TestAccount> Owner() => Owners.GetValue(stack, IntakePeople.NewGuest);
}
