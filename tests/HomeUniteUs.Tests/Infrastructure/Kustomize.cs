using System.Text.Json.Nodes;
using HomeUniteUs.Tests.Unit.Deployment;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// Renders a Kustomize directory with `kubectl kustomize` (HUU_KUBECTL, else kubectl on PATH: scripts/test.sh
/// installs Debian's kubernetes-client when there is none) and reads the objects as JSON nodes through the one YAML reader of the tests (<see cref="YamlJson"/>).
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

        return [.. YamlJson.ParseAll(stdout, $"kubectl kustomize {directory}").Select(document => (JsonObject)document!)];
    }
}
