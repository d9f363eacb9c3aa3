var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddHuuSettingsSources();
try
{
    builder.AddGateway(HuuSettings.Load(builder.Configuration), GatewayHosting.OwnProcess);
}
catch (SettingsException e)
{
    // A missing or malformed setting: one line naming it, and no start.
    Console.Error.WriteLine(e.Message);
    return 1;
}

var app = builder.Build();
app.UseGateway();
await app.RunAsync();
return 0;
