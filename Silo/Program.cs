using HomeUniteUs.Configuration;
using HomeUniteUs.Observability;
using HomeUniteUs.Silo;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (HuuSettings.FromEnvironmentOrReport(Console.Error) is not { } settings
    || CohostedApi.FromEnvironmentOrReport(Console.Error) is not { } cohosted)
{
    return 1;
}

await Migrator.Apply(settings.DatabaseConnectionString);

if (cohosted)
{
    // HUU_COHOSTED_API=true: this silo also serves the HTTP API, with exactly the gateway's pipeline.
    var web = WebApplication.CreateBuilder(args);
    web.AddGateway(settings, new GatewayHosting(InSilo: true, HomeUniteUs.Silo.Telemetry.DefaultServiceName, HomeUniteUs.Silo.Telemetry.AddSiloMetrics));
    ConfigureLogging(web.Logging);
    web.UseOrleans(silo => silo.AddHomeUniteUs(settings).AddSiloTelemetry());
    await using var app = web.Build();
    app.UseGateway();
    await app.RunAsync();
    return 0;
}

var builder = Host.CreateApplicationBuilder(args);
ConfigureLogging(builder.Logging);
builder.AddSiloTelemetry();
builder.UseOrleans(silo => silo.AddHomeUniteUs(settings).AddSiloTelemetry());
using var host = builder.Build();
await host.RunAsync();
return 0;

void ConfigureLogging(ILoggingBuilder logging)
{
    var level = LogLevels.Parse(settings.LogLevel);
    logging.SetMinimumLevel(level);
    // Orleans is chatty at Information; its warnings and errors are what an operator needs.
    logging.AddFilter("Orleans", level < LogLevel.Information ? level : LogLevel.Warning);
}
