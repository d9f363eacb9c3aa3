using System.Diagnostics;
using System.IO.Compression;
using System.Numerics;
using Microsoft.IdentityModel.Tokens;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// moto signs every pool's tokens with one fixed RSA key shipped in its package. Tests use it
/// to make tokens moto would never issue (expired, wrong issuer, wrong token_use) yet whose
/// signature verifies, so each claim check is proven on its own.
/// </summary>
public static class MotoSigningKey
{
    private static readonly Lazy<JsonWebKey> Key = new(Load);

    public static JsonWebKey Private => Key.Value;

    private static JsonWebKey Load()
    {
        var start = new ProcessStartInfo("python3", ["-c", "import moto,os;print(os.path.dirname(moto.__file__))"])
        {
            RedirectStandardOutput = true,
        };
        using var python = Process.Start(start)!;
        var motoDir = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        var path = Path.Combine(motoDir, "cognitoidp", "resources", "jwks-private.json.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var jwk = new JsonWebKey(reader.ReadToEnd());
        return WithCrtParameters(jwk);
    }

    /// <summary>
    /// moto's key holds only n, e and d; .NET's RSA needs the CRT parameters too. They follow
    /// from n, e and d (the standard factoring of n given d, NIST SP 800-56B appendix C).
    /// </summary>
    private static JsonWebKey WithCrtParameters(JsonWebKey jwk)
    {
        var n = ToBig(jwk.N);
        var e = ToBig(jwk.E);
        var d = ToBig(jwk.D);
        var k = (d * e) - 1;
        var t = 0;
        var r = k;
        while (r.IsEven)
        {
            r >>= 1;
            t++;
        }

        for (var g = new BigInteger(2); g < 1000; g++)
        {
            var x = BigInteger.ModPow(g, r, n);
            for (var i = 0; i < t && x != 1 && x != n - 1; i++)
            {
                var y = BigInteger.ModPow(x, 2, n);
                if (y == 1)
                {
                    var p = BigInteger.GreatestCommonDivisor(x - 1, n);
                    var q = n / p;
                    jwk.P = ToBase64Url(p);
                    jwk.Q = ToBase64Url(q);
                    jwk.DP = ToBase64Url(d % (p - 1));
                    jwk.DQ = ToBase64Url(d % (q - 1));
                    jwk.QI = ToBase64Url(BigInteger.ModPow(q, p - 2, p));
                    return jwk;
                }

                x = y;
            }
        }

        throw new InvalidOperationException("Could not factor moto's RSA modulus");
    }

    private static BigInteger ToBig(string base64Url) =>
        new(Base64UrlEncoder.DecodeBytes(base64Url), isUnsigned: true, isBigEndian: true);

    private static string ToBase64Url(BigInteger value) =>
        Base64UrlEncoder.Encode(value.ToByteArray(isUnsigned: true, isBigEndian: true));
}
