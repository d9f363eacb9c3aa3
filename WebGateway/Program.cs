if (HuuSettings.FromEnvironmentOrReport(Console.Error) is not { } settings)
{
    return 1;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway(settings, GatewayHosting.OwnProcess);
var app = builder.Build();
app.UseGateway();
await app.RunAsync();
return 0;
