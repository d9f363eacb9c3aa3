using YamlDotNet.Core;

namespace HomeUniteUs.Tests.Unit.Deployment;

/// <summary>The checks of <see cref="ComposeFileTests"/> catch what <c>docker compose</c> would refuse.</summary>
public sealed class ComposeSchemaTests
{
    private const string Valid = """
        services:
          db:
            image: postgres:15
            healthcheck:
              test: ["CMD", "pg_isready"]
              interval: 5s
              retries: 30
            restart: "no"
        """;

    [Fact]
    public async Task A_valid_compose_file_has_no_errors()
    {
        Assert.Empty(await ComposeSchema.ErrorsAsync(YamlJson.Parse(Valid)));
    }

    [Theory]
    [InlineData("restart: \"no\"", "restart_policy: always")]
    [InlineData("interval: 5s", "interval: 5")]
    [InlineData("retries: 30", "retries: [30]")]
    [InlineData("image: postgres:15", "image: [postgres]")]
    [InlineData("restart: \"no\"", "restart: \"no\"\n  pgadmin:\n    - source: servers")]
    [InlineData("services:", "service:")]
    public async Task A_compose_file_the_specification_refuses_has_errors(string part, string broken)
    {
        var compose = Valid.Replace(part, broken, StringComparison.Ordinal);
        Assert.NotEqual(Valid, compose);

        Assert.NotEmpty(await ComposeSchema.ErrorsAsync(YamlJson.Parse(compose)));
    }

    // Issue 23: a service inserted in the middle of another left the rest of that one under a
    // top-level key; every YAML parser stops there.
    [Fact]
    public void A_service_split_by_another_does_not_parse()
    {
        const string split = """
            services:
              pgadmin:
                image: dpage/pgadmin4
              aspire-dashboard:
                image: mcr.microsoft.com/dotnet/aspire-dashboard:9.5

            configs:
                  - source: pgadmin-servers
                    target: /pgadmin4/servers.json
                volumes:
                  - pgadmin-data:/var/lib/pgadmin
            """;

        var error = Assert.ThrowsAny<YamlException>(() => YamlJson.Parse(split, "split.yml"));
        Assert.Equal(10, error.Start.Line);
        Assert.StartsWith("split.yml, line 10, column 5: ", error.Message, StringComparison.Ordinal);
    }
}
