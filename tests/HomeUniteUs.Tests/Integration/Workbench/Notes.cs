using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Workbench;

/// <summary>The notes routes as the tests call them.</summary>
public static class Notes
{
    public static string Path(long userId) => $"/api/users/{userId}/notes";

    public static async Task<HttpResponseMessage> Post(HttpClient http, TestAccount by, long userId, string json, string? key = null)
    {
        using var request = ServiceStack.Request(HttpMethod.Post, Path(userId), by.AccessToken, JsonContent(json));
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Adds a note and returns the 201's Note.</summary>
    public static async Task<JsonElement> Add(HttpClient http, TestAccount by, long userId, string text)
    {
        using var response = await Post(http, by, userId, JsonSerializer.Serialize(new { text }));
        return await Json(response, HttpStatusCode.Created);
    }

    public static async Task<HttpResponseMessage> List(HttpClient http, TestAccount by, long userId)
    {
        using var request = ServiceStack.Request(HttpMethod.Get, Path(userId), by.AccessToken);
        return await http.SendAsync(request);
    }
}
