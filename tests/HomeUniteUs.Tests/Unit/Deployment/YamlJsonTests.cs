using System.Text.Json.Nodes;

namespace HomeUniteUs.Tests.Unit.Deployment;

public sealed class YamlJsonTests
{
    [Fact]
    public void Plain_scalars_are_typed_by_the_YAML_core_schema_and_quoted_ones_stay_strings()
    {
        var json = YamlJson.Parse("""
            count: 30
            negative: -5
            hex: 0x1F
            octal: 0o17
            ratio: 1.5
            on: true
            off: False
            nothing: ~
            empty:
            quoted: "30"
            single: 'true'
            tagged: !!str 12
            word: no
            port: 127.0.0.1:5432:5432
            """);

        var expected = JsonNode.Parse("""
            {"count": 30, "negative": -5, "hex": 31, "octal": 15, "ratio": 1.5, "on": true, "off": false,
             "nothing": null, "empty": null, "quoted": "30", "single": "true", "tagged": "12", "word": "no",
             "port": "127.0.0.1:5432:5432"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json?.ToJsonString());
    }

    [Fact]
    public void Aliases_are_expanded_and_merge_keys_merged_with_the_mapping_own_keys_winning()
    {
        var json = YamlJson.Parse("""
            x-base: &base
              A: "1"
              B: "2"
            x-more: &more
              B: "3"
              C: "4"
            service:
              <<: [*base, *more]
              A: "own"
            copy: *base
            """);

        var expected = JsonNode.Parse("""
            {"x-base": {"A": "1", "B": "2"}, "x-more": {"B": "3", "C": "4"},
             "service": {"A": "own", "B": "2", "C": "4"}, "copy": {"A": "1", "B": "2"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json?.ToJsonString());
    }

    [Fact]
    public void A_document_stream_gives_every_document()
    {
        var documents = YamlJson.ParseAll("a: 1\n---\nb: 2\n");

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], documents.Select(document => document!.ToJsonString()));
    }
}
