using HomeUniteUs.Grains.Interfaces.Configuration;
using HomeUniteUs.Silo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

HuuSettings settings;
try
{
    settings = HuuSettings.Load(HuuSettings.ReadEnvironment());
}
catch (SettingsException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

await Migrator.Apply(settings.DatabaseConnectionString);

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevels.Parse(settings.LogLevel));
builder.UseOrleans(silo => silo.AddHomeUniteUs(settings));
using var host = builder.Build();
await host.RunAsync();
return 0;
