using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Unit.Deployment;

/// <summary>
/// docker-compose.yml as <c>docker compose up --build</c> reads it (README, "With Docker"): it parses,
/// the Compose Specification accepts it, it runs every service the README names, and everything a
/// service refers to exists.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string ComposePath = Path.Combine(RepoPaths.Root, "docker-compose.yml");

    [Fact]
    public async Task The_compose_file_is_valid_against_the_Compose_Specification()
    {
        var errors = await ComposeSchema.ErrorsAsync(Compose());

        Assert.True(errors.Count == 0, "docker-compose.yml against the Compose Specification:\n" + string.Join('\n', errors));
    }

    // README "With Docker": each name as the README writes it, and the service's key in the compose file.
    [Theory]
    [InlineData("postgres", "postgres")]
    [InlineData("moto", "moto")]
    [InlineData("pgAdmin", "pgadmin")]
    [InlineData("silo", "silo")]
    [InlineData("gateway", "gateway")]
    [InlineData(".NET Aspire dashboard", "aspire-dashboard")]
    [InlineData("frontend", "frontend")]
    public void Every_service_the_README_names_is_in_the_compose_file(string readmeName, string service)
    {
        Assert.Contains(readmeName, ReadmeWithDockerParagraph(), StringComparison.Ordinal);
        Assert.True(Services().ContainsKey(service), $"README names {readmeName}; docker-compose.yml has no service '{service}'");
    }

    [Fact]
    public void Every_service_the_compose_file_depends_on_is_defined()
    {
        var services = Services();
        foreach (var (name, service) in services)
        {
            foreach (var dependency in KeysOrItems(service?["depends_on"]))
            {
                Assert.True(services.ContainsKey(dependency), $"service {name} depends on '{dependency}', which is not a service");
            }
        }
    }

    [Fact]
    public void Every_named_volume_and_config_a_service_mounts_is_declared()
    {
        var compose = Compose();
        var volumes = KeysOrItems(compose["volumes"]).ToHashSet();
        var configs = KeysOrItems(compose["configs"]).ToHashSet();
        foreach (var (name, service) in Services())
        {
            foreach (var volume in Items(service?["volumes"]).Select(VolumeSource).Where(IsNamedVolume))
            {
                Assert.True(volumes.Contains(volume!), $"service {name} mounts volume '{volume}', which the top-level volumes do not declare");
            }

            foreach (var config in Items(service?["configs"]).Select(Source))
            {
                Assert.True(configs.Contains(config!), $"service {name} uses config '{config}', which the top-level configs do not declare");
            }
        }
    }

    [Fact]
    public void Every_service_built_from_this_repository_has_its_build_context_and_Dockerfile()
    {
        var built = Services().Where(service => service.Value?["build"] is not null).ToList();
        Assert.Contains(built, service => service.Key == "frontend");
        foreach (var (name, service) in built)
        {
            var build = service!["build"]!;
            var context = build is JsonValue ? build.GetValue<string>() : build["context"]?.GetValue<string>() ?? ".";
            var dockerfile = (build as JsonObject)?["dockerfile"]?.GetValue<string>() ?? "Dockerfile";
            var path = Path.Combine(RepoPaths.Root, context, dockerfile);
            Assert.True(File.Exists(path), $"service {name} builds with {path}, which does not exist");
        }
    }

    private static JsonObject Compose() => Assert.IsType<JsonObject>(YamlJson.Parse(File.ReadAllText(ComposePath), "docker-compose.yml"));

    private static JsonObject Services() => Assert.IsType<JsonObject>(Compose()["services"]);

    /// <summary>The README's paragraph that starts "With Docker:", its line breaks as spaces.</summary>
    private static string ReadmeWithDockerParagraph()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var paragraph = readme.Split("\n\n").Single(block => block.StartsWith("With Docker:", StringComparison.Ordinal));
        return Whitespace().Replace(paragraph, " ");
    }

    // depends_on, volumes and configs are each either a list of names or a mapping keyed by name.
    private static IEnumerable<string> KeysOrItems(JsonNode? node) => node switch
    {
        JsonObject mapping => mapping.Select(entry => entry.Key),
        JsonArray list => list.Select(item => item!.GetValue<string>()),
        _ => [],
    };

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node as JsonArray ?? [];

    // Short syntax "source:target[:mode]", or long syntax with a source.
    private static string? VolumeSource(JsonNode? volume) =>
        volume is JsonValue ? volume.GetValue<string>().Split(':')[0] : volume?["source"]?.GetValue<string>();

    private static string? Source(JsonNode? config) =>
        config is JsonValue ? config.GetValue<string>() : config?["source"]?.GetValue<string>();

    // A bind mount's source is a path; a named volume's is a plain name.
    private static bool IsNamedVolume(string? source) =>
        !string.IsNullOrEmpty(source) && source[0] is not ('.' or '/' or '~' or '$');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
