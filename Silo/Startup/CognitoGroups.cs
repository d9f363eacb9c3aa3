using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// Makes sure the user pool has the four role groups (Admins, Hosts, Coordinators, Guests):
/// every sign-up, invite and seeded user is put in one. A pool that lacks them (a fresh one)
/// gets them; a failure (e.g. no permission) is logged, not fatal.
/// </summary>
public sealed class CognitoGroups(CognitoClient cognito, ILogger<CognitoGroups> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            var existing = (await cognito.ListGroupsAsync(cancellationToken)).Select(g => g.GroupName).ToHashSet(StringComparer.Ordinal);
            foreach (var group in UserRoles.All.Select(UserRoles.GroupOf).Where(g => !existing.Contains(g)))
            {
                try
                {
                    await cognito.CreateGroupAsync(group, $"Home Unite Us role {group}", cancellationToken);
                    logger.LogWarning("Created the missing Cognito group {Group}", group);
                }
                catch (CognitoException e) when (e.ErrorName == CognitoErrorNames.GroupExists)
                {
                }
            }
        }
        catch (Exception e) when (e is CognitoException or CognitoUnavailableException)
        {
            logger.LogError("Could not check the user pool's role groups: {Error}", e.Message);
        }
    }
}
