using System.Diagnostics;
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
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{kubectl} kustomize {directory} failed ({process.ExitCode}): {await stderr}");
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(await stdout));
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
