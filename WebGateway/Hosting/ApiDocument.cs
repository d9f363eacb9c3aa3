using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>
/// The OpenAPI document as the frontend's generator (@rtk-query/codegen-openapi) reads it: OpenAPI 3.0.3.
/// Swashbuckle writes a 3.0 document as 3.0.4, which that generator's parser refuses; 3.0.4 only clarified
/// the wording of 3.0.3, so the same document is labelled 3.0.3. Built once: the routes do not change
/// while the process runs.
/// </summary>
public sealed class ApiDocument(ISwaggerProvider swagger)
{
    public const string Name = "v1";

    /// <summary>Where Swagger UI reads it.</summary>
    public const string DocsPath = "/docs/" + Name + "/openapi.json";

    /// <summary>Where the frontend's generator configuration reads it.</summary>
    public const string ApiPath = "/api/openapi.json";

    public const string OpenApiVersion = "3.0.3";

    private readonly Lazy<byte[]> json = new(() => Write(swagger.GetSwagger(Name)));

    public IResult Result() => TypedResults.Bytes(json.Value, "application/json");

    private static byte[] Write(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV3(new OpenApiJsonWriter(text));
        var node = JsonNode.Parse(text.ToString())!;
        node["openapi"] = OpenApiVersion;
        return JsonSerializer.SerializeToUtf8Bytes(node);
    }
}
