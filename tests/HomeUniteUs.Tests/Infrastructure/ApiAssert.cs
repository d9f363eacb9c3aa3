using System.Net;
using System.Text.Json;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Assertions on API responses, above all the one error shape of API.md.</summary>
public static class ApiAssert
{
    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Checks the error shape and returns the body.</summary>
    public static async Task<JsonElement> Error(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await Json(response, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        var message = body.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(code, body.GetProperty("detail").GetProperty("code").GetString());
        Assert.Equal(message, body.GetProperty("detail").GetProperty("message").GetString());
        var requestId = body.GetProperty("requestId").GetString();
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), requestId);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body.GetRawText(), StringComparison.Ordinal);
        return body;
    }

    /// <summary>A 422 whose errors name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> Invalid(HttpResponseMessage response, string field)
    {
        var body = await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        var fields = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains(field, fields);
        return body;
    }

    public static StringContent JsonContent(string json, string contentType = "application/json") =>
        new(json, System.Text.Encoding.UTF8, contentType);
}
