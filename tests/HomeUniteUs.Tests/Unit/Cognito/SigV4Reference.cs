using System.Security.Cryptography;
using System.Text;

namespace HomeUniteUs.Tests.Unit.Cognito;

/// <summary>
/// A from-the-spec SigV4 signature (canonical request, string to sign, derived key), written independently of
/// AWSSDK.Core so it can check what the SDK's handler puts on the wire. Checked itself against AWS's test suite.
/// </summary>
internal static class SigV4Reference
{
    public static string Signature(
        string method,
        string canonicalPath,
        string canonicalQuery,
        IReadOnlyDictionary<string, string> headers,
        byte[] payload,
        string secretKey,
        string region,
        string service,
        string amzDate)
    {
        var names = headers.Keys.Select(name => name.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        var lowered = headers.ToDictionary(pair => pair.Key.ToLowerInvariant(), pair => pair.Value);
        var canonicalHeaders = string.Concat(names.Select(name => $"{name}:{string.Join(' ', lowered[name].Split(' ', StringSplitOptions.RemoveEmptyEntries))}\n"));
        var canonicalRequest = string.Join('\n', method, canonicalPath, canonicalQuery, canonicalHeaders, string.Join(';', names), Hex(SHA256.HashData(payload)));

        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
