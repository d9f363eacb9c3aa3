using HomeUniteUs.Configuration;
using HomeUniteUs.Observability;
using HomeUniteUs.Silo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (HuuSettings.FromEnvironmentOrReport(Console.Error) is not { } settings)
{
    return 1;
}

await Migrator.Apply(settings.DatabaseConnectionString);

var builder = Host.CreateApplicationBuilder(args);
var level = LogLevels.Parse(settings.LogLevel);
builder.Logging.SetMinimumLevel(level);
// Orleans is chatty at Information; its warnings and errors are what an operator needs.
builder.Logging.AddFilter("Orleans", level < LogLevel.Information ? level : LogLevel.Warning);
builder.AddSiloTelemetry();
builder.UseOrleans(silo => silo.AddHomeUniteUs(settings).AddSiloTelemetry());
using var host = builder.Build();
await host.RunAsync();
return 0;
