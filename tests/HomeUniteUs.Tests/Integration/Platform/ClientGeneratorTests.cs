using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>
/// The frontend's own generator, @rtk-query/codegen-openapi (installed by scripts/test.sh into
/// .artifacts/rtk-codegen), run against the document a real gateway serves, as the frontend's
/// `npm run generate` runs it: it must read the document without an error and type every success answer.
/// </summary>
[Collection(GatewayCollection.Name)]
public partial class ClientGeneratorTests(ServiceStack stack)
{
    private static readonly string Generator = Path.Combine(RepoPaths.Root, ".artifacts", "rtk-codegen", "node_modules", ".bin", "rtk-query-codegen-openapi");

    [Fact]
    public async Task The_document_is_served_at_both_paths_as_OpenAPI_3_0_3()
    {
        using var docs = await stack.Http.GetAsync(new Uri("/docs/v1/openapi.json", UriKind.Relative));
        using var api = await stack.Http.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        var document = await Json(api, HttpStatusCode.OK);
        Assert.Equal("3.0.3", document.GetProperty("openapi").GetString());
        Assert.Equal(await docs.Content.ReadAsStringAsync(), await api.Content.ReadAsStringAsync());
        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), path => path.Name.EndsWith("openapi.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_200_or_201_answer_is_a_named_schema_or_a_list_of_one()
    {
        var untyped = Operations(await Document())
            .Where(operation => operation.Status is "200" or "201" && !Named(operation.Schema))
            .Select(operation => $"{operation.Method} {operation.Path} {operation.Status}: {operation.Schema?.ToString() ?? "no body"}")
            .ToList();
        Assert.True(untyped.Count == 0, "success answers without a named schema:\n" + string.Join('\n', untyped));
    }

    [Fact]
    public async Task The_frontend_generator_reads_the_document_and_types_every_hook()
    {
        var work = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, ".artifacts", "client-generator"));
        var document = await Document();
        await File.WriteAllTextAsync(Path.Combine(work.FullName, "openapi.json"), document.GetRawText());
        await File.WriteAllTextAsync(Path.Combine(work.FullName, "api.ts"), """
            import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query/react';
            export const api = createApi({ baseQuery: fetchBaseQuery({ baseUrl: '/' }), endpoints: () => ({}) });
            """);
        await File.WriteAllTextAsync(Path.Combine(work.FullName, "openapi-config.json"), """
            { "schemaFile": "./openapi.json", "apiFile": "./api.ts", "apiImport": "api", "outputFile": "./generated.ts", "hooks": true }
            """);
        var output = Path.Combine(work.FullName, "generated.ts");
        File.Delete(output);

        Assert.True(File.Exists(Generator), $"{Generator} is missing: scripts/test.sh installs it (ensure_rtk_codegen)");
        var (exitCode, _, errors) = await ExternalProgram.Run(Generator, [Path.Combine(work.FullName, "openapi-config.json")], TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0 && errors.Length == 0, $"the generator failed ({exitCode}):\n{errors}");

        var generated = await File.ReadAllTextAsync(output);
        var responses = ResponseType().Matches(generated).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value.Trim(), StringComparer.Ordinal);
        var operations = Operations(document);
        Assert.Equal(operations.Count, responses.Count);
        Assert.Equal(operations.Count(o => o.Schema is null), responses.Values.Count(type => type.EndsWith("unknown", StringComparison.Ordinal)));
        foreach (var (operation, type) in new[]
        {
            ("GetApiHealth", "HealthStatus"), ("GetApiAuthSession", "SessionDto"), ("PostApiAuthSignin", "SignInDto"),
            ("GetApiHousingOrgs", "HousingOrgDto[]"), ("PostApiMatches", "MatchDto"), ("GetApiProfileByFormId", "IntakeFormView"),
        })
        {
            Assert.EndsWith($"*/ {type}", responses[operation], StringComparison.Ordinal);
            var hook = $"use{operation}{(operation.StartsWith("Get", StringComparison.Ordinal) ? "Query" : "Mutation")}";
            Assert.Contains($" {hook},", generated, StringComparison.Ordinal);
        }
    }

    private async Task<JsonElement> Document()
    {
        using var response = await stack.Http.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        return (await Json(response, HttpStatusCode.OK)).Clone();
    }

    /// <summary>
    /// Every operation with its first success or redirect status and that answer's schema (null: no body): the JSON
    /// body's, or the item of a Server-Sent Events stream (the activity stream), which the generator types alike.
    /// </summary>
    private static List<(string Method, string Path, string Status, JsonElement? Schema)> Operations(JsonElement document) =>
        [.. from path in document.GetProperty("paths").EnumerateObject()
            from operation in path.Value.EnumerateObject()
            let success = operation.Value.GetProperty("responses").EnumerateObject().First(r => r.Name[0] is '2' or '3')
            let content = success.Value.TryGetProperty("content", out var bodies) ? bodies : (JsonElement?)null
            let schema = content is { } c && (c.TryGetProperty("application/json", out var body) || c.TryGetProperty("text/event-stream", out body))
                ? body.GetProperty("schema") : (JsonElement?)null
            select (operation.Name.ToUpperInvariant(), path.Name, success.Name, schema)];

    /// <summary>A component (<c>$ref</c>), or a list of one (the list routes answer bare arrays, as the FastAPI service did).</summary>
    private static bool Named(JsonElement? schema) =>
        schema is { } s && (s.TryGetProperty("$ref", out _) || (s.TryGetProperty("items", out var items) && items.TryGetProperty("$ref", out _)));

    [GeneratedRegex(@"export type (?<name>\w+)ApiResponse\s*=\s*(?<type>[^;]+);")]
    private static partial Regex ResponseType();
}
