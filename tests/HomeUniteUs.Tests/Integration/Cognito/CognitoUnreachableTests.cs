using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Tests.Unit.Cognito;
using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Tests.Integration.Cognito;

public sealed class CognitoUnreachableTests
{
    [Fact]
    public async Task A_closed_port_is_CognitoUnavailableException_for_writes_and_reads()
    {
        var closed = new Uri($"http://127.0.0.1:{MotoServer.FreePort()}");
        await using var services = MotoServer.CreateServices(CognitoTestSettings.Create(closed));
        var cognito = services.GetRequiredService<CognitoClient>();

        var signUp = await Assert.ThrowsAsync<CognitoUnavailableException>(() => cognito.SignUpAsync("a@example.com", "Passw0rd!", []));
        var getUser = await Assert.ThrowsAsync<CognitoUnavailableException>(() => cognito.GetUserAsync("token"));

        Assert.Equal(CognitoOperations.SignUp, signUp.Operation);
        Assert.Equal(CognitoOperations.GetUser, getUser.Operation);
    }
}
