using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using HomeUniteUs.Grains.Access.Cognito;

namespace HomeUniteUs.Tests.Unit.Cognito;

/// <summary>moto never checks signatures, so these tests are the only guard of the SigV4 signing.</summary>
public sealed class CognitoSigningTests
{
    private const string ExampleAccessKey = "AKIDEXAMPLE";
    private const string ExampleSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    // AWS SigV4 test suite, "get-vanilla" and "post-vanilla": host example.amazonaws.com, 20150830T123600Z,
    // region us-east-1, service "service", no body.
    [Theory]
    [InlineData("GET", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("POST", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    public void The_reference_signer_reproduces_the_AWS_test_suite(string method, string expected)
    {
        var headers = new Dictionary<string, string> { ["Host"] = "example.amazonaws.com", ["X-Amz-Date"] = "20150830T123600Z" };
        Assert.Equal(expected, SigV4Reference.Signature(method, "/", "", headers, [], ExampleSecretKey, "us-east-1", "service", "20150830T123600Z"));
    }

    // AWS's documented S3 example "GET Object" (Range: bytes=0-9): the SDK signer always signs x-amz-content-sha256,
    // which the get-vanilla case lacks, so this published example is the one it can be held to exactly.
    [Fact]
    public void The_SDK_signer_reproduces_the_AWS_documented_example()
    {
        var request = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Get,
            RequestUri = new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
            Content = [],
        };
        request.Headers["Host"] = "examplebucket.s3.amazonaws.com";
        request.Headers["Range"] = "bytes=0-9";

        var result = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            Region = RegionEndpoint.USEast1,
            Service = "s3",
            SignPayload = true,
            SignedAt = new DateTime(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc),
        });

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            result.Headers["Authorization"]);
    }

    [Fact]
    public async Task Cognito_requests_are_signed_for_cognito_idp_in_the_configured_region_over_target_and_body()
    {
        var settings = CognitoTestSettings.Create(new Uri("https://cognito-idp.us-east-1.amazonaws.com"), accessId: ExampleAccessKey, accessKey: ExampleSecretKey);
        var network = RecordingHandler.Answering(HttpStatusCode.OK, """{"Username": "u", "UserAttributes": []}""");
        using var http = new HttpClient(CognitoRequestSigning.CreateHandler(settings, network));

        await new CognitoClient(http, settings).AdminGetUserAsync("someone@example.com");

        var (request, body) = Assert.Single(network.Requests);
        var authorization = request.Headers.NonValidated["Authorization"].ToString().Split(' ', 2);
        Assert.Equal("AWS4-HMAC-SHA256", authorization[0]);
        var fields = authorization[1].Split(", ").Select(part => part.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        var amzDate = request.Headers.GetValues("X-Amz-Date").Single();
        Assert.Equal($"{ExampleAccessKey}/{amzDate[..8]}/us-east-1/cognito-idp/aws4_request", fields["Credential"]);

        var signedHeaders = fields["SignedHeaders"].Split(';');
        Assert.Contains("host", signedHeaders);
        Assert.Contains("x-amz-date", signedHeaders);
        Assert.Contains("x-amz-target", signedHeaders);
        Assert.Contains("content-type", signedHeaders);

        var values = signedHeaders.ToDictionary(name => name, name => name switch
        {
            "host" => request.RequestUri!.Authority,
            "content-type" => request.Content!.Headers.ContentType!.ToString(),
            "content-length" => request.Content!.Headers.ContentLength!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => string.Join(',', request.Headers.GetValues(name)),
        });
        var expected = SigV4Reference.Signature(
            "POST", "/", "", values, System.Text.Encoding.UTF8.GetBytes(body), ExampleSecretKey, "us-east-1", "cognito-idp", amzDate);
        Assert.Equal(expected, fields["Signature"]);
    }
}
