using HomeUniteUs.Bench;
using HomeUniteUs.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

// Usage (DATABASE_URL and ORLEANS_CLUSTER_ID in the environment, as for the silo):
//   DashboardLoad populate START COUNT   users START..START+COUNT-1 of the bench population, with cases
//   DashboardLoad populate-org ORG START COUNT   the same, as members of housing org ORG (START a multiple of 20)
//   DashboardLoad guest INDEX            one more guest with a case (what an invite stores)
//   DashboardLoad reconcile              the dashboard re-reads storage
//   DashboardLoad remind START COUNT FIRST WINDOW_S   interview reminders of users START.., due from FIRST (ISO) within WINDOW_S s
// Users go through the user and case grains, as the service itself creates them.
if (args.Length == 0 || args[0] is not ("populate" or "populate-org" or "guest" or "reconcile" or "remind"))
{
    await Console.Error.WriteLineAsync("usage: DashboardLoad populate START COUNT | populate-org ORG START COUNT | guest INDEX | reconcile | remind START COUNT FIRST WINDOW_S");
    return 2;
}

var environment = HuuSettings.ReadEnvironment();
var databaseUrl = environment.TryGetValue("DATABASE_URL", out var url) ? url : throw new InvalidOperationException("DATABASE_URL is not set");
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client =>
{
    client.Configure<ClusterOptions>(options =>
    {
        options.ClusterId = environment.TryGetValue("ORLEANS_CLUSTER_ID", out var cluster) ? cluster : "huu";
        options.ServiceId = HuuSettings.ServiceId;
    });
    client.UseAdoNetClustering(options =>
    {
        options.Invariant = HuuSettings.AdoNetInvariant;
        options.ConnectionString = DatabaseUrl.ToConnectionString(databaseUrl);
    });
});
using var host = builder.Build();
await host.StartAsync();
static long Number(string text) => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
var population = new BenchPopulation(host.Services.GetRequiredService<IClusterClient>(), args[0] == "populate-org" ? Number(args[1]) : null);
var started = System.Diagnostics.Stopwatch.StartNew();
switch (args[0])
{
    case "populate":
        await population.Populate(Number(args[1]), (int)Number(args[2]));
        break;
    case "populate-org":
        await population.Populate(Number(args[2]), (int)Number(args[3]));
        break;
    case "remind":
        await new BenchReminders(host.Services.GetRequiredService<IClusterClient>()).Schedule(
            long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)));
        break;
    case "guest":
        await population.Guest(Number(args[1]));
        break;
    default:
        await population.Reconcile();
        break;
}

await Console.Error.WriteLineAsync($"DashboardLoad {string.Join(' ', args)}: {started.Elapsed.TotalSeconds:0.0} s");
await host.StopAsync();
return 0;
