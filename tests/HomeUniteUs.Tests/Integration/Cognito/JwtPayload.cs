using System.Buffers.Text;
using System.Text.Json;

namespace HomeUniteUs.Tests.Integration.Cognito;

/// <summary>Reads a JWT's header and claims without verifying it — for looking at what moto issues, nothing else.</summary>
internal static class JwtPayload
{
    public static (JsonElement Header, JsonElement Claims) Read(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        return (Decode(parts[0]), Decode(parts[1]));
    }

    private static JsonElement Decode(string part)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(part));
        return document.RootElement.Clone();
    }
}
