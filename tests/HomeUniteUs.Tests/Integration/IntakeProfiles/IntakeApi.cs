using System.Net;
using System.Text;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>The intake routes as a client calls them; answers are (field id, raw JSON value) pairs.</summary>
internal sealed class IntakeApi(ServiceStack stack)
{
    public const string Root = "/api/intake-profile";

    /// <param name="expectContinue">Expect: 100-continue, for a body the server may refuse before it is sent.</param>
    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token, string? json = null,
        string contentType = "application/json", bool expectContinue = false)
    {
        using var request = ServiceStack.Request(method, path, token,
            json is null ? null : new StringContent(json, Encoding.UTF8, contentType));
        if (expectContinue)
        {
            request.Headers.ExpectContinue = true;
        }
        return await stack.Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetProfile(long userId, string? token) => Send(HttpMethod.Get, $"{Root}/{userId}", token);

    public Task<HttpResponseMessage> GetResponses(long userId, string? token) => Send(HttpMethod.Get, $"{Root}/responses/{userId}", token);

    public Task<HttpResponseMessage> PutResponses(long userId, string? token, IEnumerable<KeyValuePair<string, string>> answers) =>
        Send(HttpMethod.Put, $"{Root}/responses/{userId}", token, ResponsesJson(answers));

    public Task<HttpResponseMessage> PutResponses(long userId, string? token, string fieldId, string valueJson) =>
        PutResponses(userId, token, [KeyValuePair.Create(fieldId, valueJson)]);

    public Task<HttpResponseMessage> PutProfile(long userId, string? token, IEnumerable<KeyValuePair<string, string>> answers) =>
        Send(HttpMethod.Put, $"{Root}/{userId}", token, ResponsesJson(answers));

    public Task<HttpResponseMessage> Submit(long userId, string? token) => Send(HttpMethod.Post, $"{Root}/{userId}/submit", token);

    public Task<HttpResponseMessage> Review(long userId, string? token, string decision, string? note = null) =>
        Send(HttpMethod.Post, $"{Root}/{userId}/review", token,
            JsonSerializer.Serialize(note is null ? new Dictionary<string, string> { ["decision"] = decision } : new() { ["decision"] = decision, ["note"] = note }));

    /// <summary>Saves and expects 200.</summary>
    public async Task<JsonElement> Save(TestAccount owner, IEnumerable<KeyValuePair<string, string>> answers)
    {
        using var response = await PutProfile(owner.UserId, owner.AccessToken, answers);
        return await ApiAssert.Json(response, HttpStatusCode.OK);
    }

    public async Task<JsonElement> Profile(TestAccount reader, long userId)
    {
        using var response = await GetProfile(userId, reader.AccessToken);
        return await ApiAssert.Json(response, HttpStatusCode.OK);
    }

    /// <summary><c>{"responses": [{"fieldId", "value"}, …]}</c> with each value's JSON as given.</summary>
    public static string ResponsesJson(IEnumerable<KeyValuePair<string, string>> answers) =>
        "{\"responses\":[" + string.Join(",", answers.Select(a => $"{{\"fieldId\":{JsonSerializer.Serialize(a.Key)},\"value\":{a.Value}}}")) + "]}";

    /// <summary>The stored answers of a profile or responses body, field id → compact JSON.</summary>
    public static Dictionary<string, string> Answers(JsonElement body) =>
        body.GetProperty("responses").EnumerateArray().ToDictionary(
            r => r.GetProperty("fieldId").GetString()!,
            r => Compact(r.GetProperty("value")),
            StringComparer.Ordinal);

    public static string Compact(string json) => Compact(JsonDocument.Parse(json).RootElement);

    public static string Compact(JsonElement value) => JsonSerializer.Serialize(value);

    /// <summary>The fields a 422 names.</summary>
    public static List<string> ErrorFields(JsonElement error) =>
        [.. error.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];
}
