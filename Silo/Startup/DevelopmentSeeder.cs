using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// In development, makes sure the test users exist in Cognito and the store, confirmed, with
/// the password in the README: admin@example.com and guest|coordinator|host + a..z @example.com
/// (unaffiliated), and the people of the two demo orgs (<see cref="DemoOrgs"/>).
/// Idempotent: each user goes through its identity grain's Seed flow.
/// </summary>
public sealed class DevelopmentSeeder(HuuSettings settings, IGrainFactory grains, ILogger<DevelopmentSeeder> logger) : IStartupTask
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

    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!settings.IsDevelopment)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var count = 0;
        try
        {
            var users = Users().Concat(await DemoOrgs.People(grains)).ToList();
            await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (user, _) => await grains.IdentityOf(user.Email).Seed(user, Password));
            count = users.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Seeding is a convenience of development: the silo serves without it.
            logger.LogError(e, "Seeding the development users failed");
            return;
        }

        // The password is in the README, never in the log: logs leave the machine.
        logger.LogWarning("Development users ready ({Count}, two demo orgs among them) in {Seconds:0.0}s", count, started.Elapsed.TotalSeconds);
    }
}
