using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// In development, makes sure the test users exist in Cognito and the store, confirmed, with
/// password Test123!: admin@example.com and guest|coordinator|host + a..z @example.com.
/// Idempotent: each user goes through its Cognito grain's Seed flow.
/// </summary>
public static class DevelopmentSeeder
{
    public const string Password = "Test123!";

    public static IEnumerable<NewUser> Users()
    {
        yield return new NewUser("admin@example.com", "admin", null, null, UserRoles.Admin);
        foreach (var role in new[] { UserRoles.Guest, UserRoles.Coordinator, UserRoles.Host })
        {
            for (var letter = 'a'; letter <= 'z'; letter++)
            {
                yield return new NewUser($"{role}{letter}@example.com", role, null, letter.ToString(), role);
            }
        }
    }

    public static async Task Run(IServiceProvider services, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<HuuSettings>();
        if (!settings.IsDevelopment)
        {
            return;
        }

        var grains = services.GetRequiredService<IGrainFactory>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevelopmentSeeder));
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(Users(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (user, _) => await grains.GetGrain<ICognitoGrain>(user.Email).Seed(user, Password));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Seeding is a convenience of development: the silo serves without it.
            logger.LogError(e, "Seeding the development users failed");
            return;
        }

        logger.LogWarning("Development users ready ({Count}, password {Password}) in {Seconds:0.0}s", Users().Count(), Password, started.Elapsed.TotalSeconds);
    }
}
