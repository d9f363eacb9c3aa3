namespace HomeUniteUs.Grains.Access;

/// <summary>
/// Reads claims of a token Cognito has just handed us over TLS (so it needs no verification
/// here; every token a client presents is verified by the gateway).
/// </summary>
public static class TokenClaims
{
    public static string? Read(string jwt, string claim)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
