using HomeUniteUs.Configuration;
using HomeUniteUs.Grains.Access.Cognito;
using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>The project's Cognito client pointed at a test stack's pool, for looking behind the API.</summary>
public static class CognitoAdmin
{
    public static CognitoClient For(IReadOnlyDictionary<string, string> environment)
    {
        var services = new ServiceCollection();
        services.AddSingleton(HuuSettings.Load(environment));
        services.AddCognitoClient();
        return services.BuildServiceProvider().GetRequiredService<CognitoClient>();
    }

    /// <summary>True when the pool has an account for this email.</summary>
    public static async Task<bool> HasAccount(this CognitoClient cognito, string email)
    {
        try
        {
            await cognito.AdminGetUserAsync(email);
            return true;
        }
        catch (CognitoException e) when (e.ErrorName == "UserNotFoundException")
        {
            return false;
        }
    }
}
