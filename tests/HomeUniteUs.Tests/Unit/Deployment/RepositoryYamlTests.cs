using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Unit.Deployment;

/// <summary>Every YAML file the repository ships (compose, the GitHub workflow, any manifest) parses.</summary>
public sealed class RepositoryYamlTests
{
    // Build output, installed packages and the local run and test directories (.gitignore): not shipped.
    private static readonly string[] NotShipped = ["bin", "obj", "node_modules", "TestResults", ".git", ".artifacts", ".stack"];

    public static TheoryData<string> YamlFiles() => new(ShippedYamlFiles());

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_YAML_file_parses_into_documents_that_are_not_empty(string file)
    {
        var documents = YamlJson.ParseAll(File.ReadAllText(Path.Combine(RepoPaths.Root, file)), file);

        Assert.NotEmpty(documents);
        Assert.All(documents, document => Assert.NotNull(document));
    }

    [Fact]
    public void The_YAML_files_found_include_the_compose_file_and_the_CI_workflow()
    {
        Assert.Superset(new HashSet<string> { "docker-compose.yml", ".github/workflows/ci.yml" }, ShippedYamlFiles().ToHashSet());
    }

    private static IEnumerable<string> ShippedYamlFiles() =>
        YamlFilesBelow(RepoPaths.Root)
            .Select(path => Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> YamlFilesBelow(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(path => path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Concat(Directory.EnumerateDirectories(directory).Where(below => !IsNotShipped(Path.GetFileName(below))).SelectMany(YamlFilesBelow));

    private static bool IsNotShipped(string directory) =>
        NotShipped.Contains(directory) || directory.StartsWith(".bench", StringComparison.Ordinal);
}
