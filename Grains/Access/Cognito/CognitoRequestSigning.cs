using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>SigV4 signing of Cognito requests, by AWSSDK.Core's own handler (moto ignores signatures; AWS does not).</summary>
public static class CognitoRequestSigning
{
    public const string ServiceName = "cognito-idp";

    /// <summary>
    /// A handler that signs each request it passes to <paramref name="innerHandler"/>, with COGNITO_ACCESS_ID /
    /// COGNITO_ACCESS_KEY for COGNITO_REGION. It signs afresh on every attempt, so retries carry a current date.
    /// </summary>
    public static DelegatingHandler CreateHandler(HuuSettings settings, HttpMessageHandler innerHandler) =>
        new SigV4SigningHandler(
            new AWSSigV4Parameters
            {
                Credentials = new BasicAWSCredentials(settings.CognitoAccessId, settings.CognitoAccessKey),
                Region = RegionEndpoint.GetBySystemName(settings.CognitoRegion),
                Service = ServiceName,
                SignPayload = true,
            },
            innerHandler);
}
