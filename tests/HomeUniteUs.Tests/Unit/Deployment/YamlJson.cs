using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HomeUniteUs.Tests.Unit.Deployment;

/// <summary>
/// YAML read as JSON, the way Compose reads its file before it validates it against the Compose
/// Specification's schema: aliases expanded, merge keys (<c>&lt;&lt;: *anchor</c>) merged, and
/// plain scalars typed by the YAML 1.2 core schema (<c>30</c> a number, <c>true</c> a boolean,
/// <c>~</c> null); a quoted scalar is always a string.
/// </summary>
public static partial class YamlJson
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>Every document of the YAML text, as JSON; a syntax error throws <see cref="YamlException"/> naming its line.</summary>
    public static IReadOnlyList<JsonNode?> ParseAll(string yaml, string source = "YAML")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new YamlException(error.Start, error.End, $"{source}, line {error.Start.Line}, column {error.Start.Column}: {error.Message}", error);
        }

        return stream.Documents.Select(document => ToJson(document.RootNode)).ToList();
    }

    /// <summary>The one document of the YAML text, as JSON.</summary>
    public static JsonNode? Parse(string yaml, string source = "YAML") => Assert.Single(ParseAll(yaml, source));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlMappingNode mapping => Mapping(mapping),
        _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var json = new JsonObject();
        var merged = new List<YamlMappingNode>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Style: ScalarStyle.Plain, Value: "<<" })
            {
                merged.AddRange(value is YamlSequenceNode sources ? sources.Children.Cast<YamlMappingNode>() : [(YamlMappingNode)value]);
            }
            else
            {
                json.Add(KeyText(key), ToJson(value));
            }
        }

        // The mapping's own keys win over merged ones, and an earlier merged mapping over a later one.
        foreach (var (key, value) in merged.SelectMany(source => Mapping(source)))
        {
            if (!json.ContainsKey(key))
            {
                json.Add(key, value?.DeepClone());
            }
        }

        return json;
    }

    private static string KeyText(YamlNode key) =>
        key is YamlScalarNode { Value: { } text }
            ? text
            : throw new InvalidDataException($"A mapping key that is not a scalar at {key.Start}: JSON has no such key");

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag is { IsEmpty: false, IsNonSpecific: false, Value: StringTag })
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(bool.Parse(text));
        }

        if (DecimalInteger().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalDigits().IsMatch(text[2..]))
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        }

        // .inf and .nan are floats in YAML but have no JSON number: they stay strings.
        return Float().IsMatch(text)
            ? JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))
            : JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[0-7]+$")]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
