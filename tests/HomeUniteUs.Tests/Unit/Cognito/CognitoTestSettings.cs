using HomeUniteUs.Configuration;

namespace HomeUniteUs.Tests.Unit.Cognito;

/// <summary>Settings for a Cognito client in tests; only the Cognito values matter.</summary>
internal static class CognitoTestSettings
{
    public static HuuSettings Create(
        Uri endpoint,
        string userPoolId = "us-east-1_testpool",
        string clientId = "testclientid",
        string clientSecret = "testclientsecret",
        string accessId = "AKIDEXAMPLE",
        string accessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") => new()
        {
            DatabaseConnectionString = "Host=127.0.0.1;Database=unused",
            CognitoClientId = clientId,
            CognitoClientSecret = clientSecret,
            CognitoRegion = "us-east-1",
            CognitoUserPoolId = userPoolId,
            CognitoAccessId = accessId,
            CognitoAccessKey = accessKey,
            CognitoIdpEndpoint = endpoint,
            Environment = "test",
            RootUrl = new Uri("http://127.0.0.1:3000"),
            LogLevel = "INFO",
            ClusterId = "huu-test",
            SiloPort = 11111,
            GatewayPort = 30000,
            AdvertisedAddress = "127.0.0.1",
        };
}
