using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.Google;

/// <summary>A stack whose COGNITO_ENDPOINT_URL is the <see cref="TokenEndpointStandIn"/>; everything else is moto and PostgreSQL.</summary>
public class GoogleStack : ServiceStack
{
    public TokenEndpointStandIn Hosted { get; private set; } = null!;

    /// <summary>No development seeding: these tests make their own people.</summary>
    protected override string HuuEnvironment => "test";

    protected override async Task ConfigureAsync(Dictionary<string, string> environment)
    {
        Hosted = await TokenEndpointStandIn.Start(environment);
        environment["COGNITO_ENDPOINT_URL"] = Hosted.Url.ToString().TrimEnd('/');
    }

    /// <summary>{ROOT_URL}{path}, the redirect URI the hosted UI binds a code to.</summary>
    public string Callback(string path) => Environment["ROOT_URL"].TrimEnd('/') + path;

    /// <summary>The person passes the hosted UI for <paramref name="callbackPath"/>, then the frontend posts the code.</summary>
    public async Task<HttpResponseMessage> Post(string route, string callbackPath, GoogleUser user)
    {
        var code = await Hosted.IssueCode(user, Callback(callbackPath));
        return await PostCode(route, callbackPath, code);
    }

    public Task<HttpResponseMessage> PostCode(string route, string callbackPath, string code) =>
        Http.PostAsJsonAsync(new Uri($"/api/auth/google/{route}?callback_uri={Uri.EscapeDataString(callbackPath)}", UriKind.Relative), new { code });

    /// <summary>The caller the bearer token stands for, as GET /api/users/current answers.</summary>
    public async Task<JsonElement> Current(string token)
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Get, "/api/users/current", token));
        return await ApiAssert.Json(response, HttpStatusCode.OK);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Hosted is not null)
        {
            await Hosted.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GoogleCollection : ICollectionFixture<GoogleStack>
{
    public const string Name = "google";
}
