using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HomeUniteUs.WebGateway.ReadCaches;

/// <summary>Serializes a body exactly as TypedResults.Ok would (the app's HTTP JSON options).</summary>
public sealed class JsonBodies(IOptions<JsonOptions> options)
{
    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, options.Value.SerializerOptions);
}
