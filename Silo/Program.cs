using HomeUniteUs.Configuration;
using HomeUniteUs.Observability;
using HomeUniteUs.Silo;
using HomeUniteUs.WebGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var configuration = new ConfigurationBuilder().AddHuuSettingsSources().Build();
HuuSettings settings;
SiloProcessMode mode;
TelemetrySettings telemetry;
try
{
    settings = HuuSettings.Load(configuration);
    mode = SiloProcessMode.Load(configuration.AsSettings());
    telemetry = TelemetrySettings.FromConfiguration(configuration, HomeUniteUs.Silo.Telemetry.DefaultServiceName);
}
catch (SettingsException e)
{
    // A missing or malformed setting: one line naming it, and no start.
    Console.Error.WriteLine(e.Message);
    return 1;
}

switch (mode.Migrations)
{
    case MigrationMode.Only:
        var applied = await Migrator.Apply(settings.DatabaseConnectionString);
        Console.WriteLine($"Migrations: {applied.Count} applied, the journal shows every migration of this build; exiting (HUU_MIGRATIONS=only)");
        return 0;
    case MigrationMode.Wait:
        await Migrator.WaitUntilApplied(settings.DatabaseConnectionString, Console.Out, TimeSpan.FromSeconds(2));
        break;
    default:
        await Migrator.Apply(settings.DatabaseConnectionString);
        break;
}

if (mode.CohostedApi)
{
    // HUU_COHOSTED_API=true: this silo also serves the HTTP API, with exactly the gateway's pipeline.
    var web = WebApplication.CreateBuilder(args);
    web.Configuration.AddConfiguration(configuration);
    web.AddGateway(settings, new GatewayHosting(InSilo: true, HomeUniteUs.Silo.Telemetry.DefaultServiceName, HomeUniteUs.Silo.Telemetry.AddSiloMetrics));
    ConfigureLogging(web.Logging);
    web.UseOrleans(ConfigureSilo);
    web.Services.AddGracefulSiloShutdown();
    await using var app = web.Build();
    app.UseGateway();
    await app.RunAsync();
    return 0;
}

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddConfiguration(configuration);
ConfigureLogging(builder.Logging);
builder.AddSiloTelemetry(telemetry);
builder.UseOrleans(ConfigureSilo);
builder.Services.AddGracefulSiloShutdown();
using var host = builder.Build();
await host.RunAsync();
return 0;

void ConfigureSilo(ISiloBuilder silo)
{
    if (mode.KubernetesHosting)
    {
        silo.UseHomeUniteUsKubernetesHosting(settings);
    }

    silo.AddHomeUniteUs(settings, configureEndpoints: !mode.KubernetesHosting).AddSiloTelemetry();
}

void ConfigureLogging(ILoggingBuilder logging)
{
    var level = LogLevels.Parse(settings.LogLevel);
    logging.SetMinimumLevel(level);
    // Orleans is chatty at Information; its warnings and errors are what an operator needs.
    logging.AddFilter("Orleans", level < LogLevel.Information ? level : LogLevel.Warning);
}
