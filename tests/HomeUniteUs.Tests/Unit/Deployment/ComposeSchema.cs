using System.Text.Json.Nodes;
using HomeUniteUs.Tests.Infrastructure;
using NJsonSchema;

namespace HomeUniteUs.Tests.Unit.Deployment;

/// <summary>
/// The Compose Specification's JSON schema (a copy in TestData/compose-spec, its source and licence in
/// the README there), which <c>docker compose</c> checks a compose file against before it runs anything.
/// </summary>
/// <remarks>
/// NJsonSchema rather than JsonSchema.Net: the latter's root namespace <c>Json</c> would hide the
/// <c>ApiAssert.Json</c> helper that the integration tests call through <c>using static</c>.
/// </remarks>
public static class ComposeSchema
{
    public static string FilePath { get; } = Path.Combine(RepoPaths.Root, "tests", "HomeUniteUs.Tests", "TestData", "compose-spec", "compose-spec.json");

    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromFileAsync(FilePath));

    /// <summary>What the schema finds wrong with a compose file read as JSON, one entry each; empty when it is valid.</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(JsonNode? compose)
    {
        var schema = await Schema.Value;
        return schema.Validate(compose?.ToJsonString() ?? "null").Select(error => error.ToString()).ToList();
    }
}
