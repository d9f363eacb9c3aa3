using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// Renders a Kustomize directory with `kubectl kustomize` (HUU_KUBECTL, else kubectl on PATH: scripts/test.sh
/// installs Debian's kubernetes-client when there is none) and reads the objects as JSON nodes (scalars as strings).
/// </summary>
public static class Kustomize
{
    public static async Task<IReadOnlyList<JsonObject>> Render(string directory)
    {
        var kubectl = Environment.GetEnvironmentVariable("HUU_KUBECTL") is { Length: > 0 } configured ? configured : "kubectl";
        var (exitCode, stdout, stderr) = await ExternalProgram.Run(kubectl, ["kustomize", directory], TimeSpan.FromMinutes(1));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{kubectl} kustomize {directory} failed ({exitCode}): {stderr}");
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(stdout));
        return [.. stream.Documents.Select(document => (JsonObject)ToJson(document.RootNode)!)];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}"),
    };
}
