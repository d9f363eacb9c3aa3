using System.Net;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.Storage;

public sealed class ServiceStartupTests
{
    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public async Task A_missing_variable_stops_start_up_with_one_line_naming_it(string service)
    {
        var env = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgresql://u:p@127.0.0.1:1/db",
            ["COGNITO_CLIENT_ID"] = "x",
            ["COGNITO_CLIENT_SECRET"] = "x",
            ["COGNITO_REGION"] = "us-east-1",
            ["COGNITO_USER_POOL_ID"] = "us-east-1_x",
            ["COGNITO_ACCESS_ID"] = "x",
            ["ROOT_URL"] = "http://localhost:3000",
            ["COGNITO_ACCESS_KEY"] = string.Empty,
        };
        await using var process = ServiceProcess.Start(service, service == "silo" ? RepoPaths.SiloDll : RepoPaths.GatewayDll, env);
        Assert.Equal(1, await process.WaitForExit(TimeSpan.FromSeconds(30)));
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Missing required environment variable: COGNITO_ACCESS_KEY", Assert.Single(lines).Trim());
    }

    [Fact]
    public async Task A_gateway_started_before_any_silo_answers_health_and_serves_once_a_silo_joins()
    {
        var stack = new LateSiloStack();
        try
        {
            await Run(stack);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task Run(LateSiloStack stack)
    {
        await stack.InitializeAsync();

        using var health = await stack.Http.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var notReady = await stack.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("cluster", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var list = await stack.Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
        await ApiAssert.Error(list, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.NotNull(list.Headers.RetryAfter);

        stack.StartSilo();
        await stack.WaitUntilReady(TimeSpan.FromSeconds(180));
        using var served = await stack.Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    /// <summary>A stack whose gateway starts alone.</summary>
    private sealed class LateSiloStack : ServiceStack
    {
        protected override int InitialSilos => 0;

        protected override TimeSpan ReadyTimeout => TimeSpan.Zero;
    }
}
