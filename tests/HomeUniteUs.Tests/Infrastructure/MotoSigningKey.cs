using System.Diagnostics;
using System.IO.Compression;
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
        var json = reader.ReadToEnd();
        var set = new JsonWebKeySet(json);
        return set.Keys.Count > 0 ? set.Keys[0] : new JsonWebKey(json);
    }
}
