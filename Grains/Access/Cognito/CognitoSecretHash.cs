namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>The SECRET_HASH an app client with a secret must send with a username.</summary>
public static class CognitoSecretHash
{
    /// <summary>base64(HMAC-SHA256(key = client secret, message = username + client id)), both UTF-8.</summary>
    public static string Compute(string username, string clientId, string clientSecret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(username + clientId));
        return Convert.ToBase64String(mac);
    }
}
