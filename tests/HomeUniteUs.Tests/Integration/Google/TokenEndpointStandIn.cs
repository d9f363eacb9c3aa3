using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace HomeUniteUs.Tests.Integration.Google;

/// <summary>A Google account as the hosted UI would federate it (an empty <see cref="Email"/>: an account with no email attribute).</summary>
public sealed record GoogleUser(string Email, string? GivenName, string? FamilyName)
{
    /// <summary>The Cognito username Cognito gives the federated user: the provider name and Google's numeric id.</summary>
    public string Username { get; } = "Google_" + string.Concat(Enumerable.Range(0, 21).Select(_ => (char)('0' + Random.Shared.Next(10))));

    /// <summary>The federated user's <c>email_verified</c> attribute as Cognito maps it from Google; null: no such attribute.</summary>
    public string? EmailVerified { get; init; } = "true";

    public static GoogleUser New(string? givenName = "Gia", string? familyName = "Oogle") =>
        new($"google.{Guid.NewGuid():N}@gmail.example", givenName, familyName);
}

/// <summary>
/// What moto lacks: Cognito's hosted UI and its OAuth 2.0 token endpoint (<c>POST /oauth2/token</c>), on
/// 127.0.0.1. <see cref="IssueCode"/> plays the hosted UI: it takes the authorize URL the gateway redirected the
/// browser to, creates the federated user in moto the way Cognito does (username <c>Google_&lt;digits&gt;</c>,
/// email, <c>email_verified</c> and name attributes) and issues a code bound to that URL's redirect URI and PKCE code
/// challenge. The endpoint checks what Cognito checks — HTTP Basic auth with the app client's id and secret, the
/// grant type, the redirect URI registered for the code, the code verifier whose S256 hash is the code's challenge,
/// one use per code — and answers with real tokens from moto (USER_PASSWORD_AUTH as that user), so GetUser, groups
/// and the gateway's token checks are all real.
/// </summary>
public sealed class TokenEndpointStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient moto = new();
    private readonly Uri motoUrl;
    private readonly string poolId;
    private readonly string clientId;
    private readonly string clientSecret;
    private readonly ConcurrentDictionary<string, IssuedCode> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> passwords = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim federating = new(1, 1);

    private TokenEndpointStandIn(WebApplication app, IReadOnlyDictionary<string, string> cognito, Uri url)
    {
        this.app = app;
        Url = url;
        motoUrl = new Uri(cognito["COGNITO_IDP_ENDPOINT_URL"]);
        poolId = cognito["COGNITO_USER_POOL_ID"];
        clientId = cognito["COGNITO_CLIENT_ID"];
        clientSecret = cognito["COGNITO_CLIENT_SECRET"];
    }

    /// <summary>The base URL to give the service as COGNITO_ENDPOINT_URL.</summary>
    public Uri Url { get; }

    /// <summary>While true, every connection is dropped without an answer (the endpoint is unreachable).</summary>
    public bool Down { get; set; }

    /// <summary>How many exchanges were attempted (answered or not).</summary>
    public int Exchanges => exchanges;

    private int exchanges;

    /// <summary>Starts the endpoint for the user pool and app client named in <paramref name="cognito"/> (the stack's settings).</summary>
    public static async Task<TokenEndpointStandIn> Start(IReadOnlyDictionary<string, string> cognito)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new TokenEndpointStandIn(app, cognito, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/oauth2/token", standIn.Token);
        await app.StartAsync();
        return standIn;
    }

    /// <summary>
    /// The hosted UI's part: the browser arrives at <paramref name="authorizeUrl"/>, the person signs in with Google,
    /// and Cognito redirects the browser to the URL's redirect URI with a fresh code. The federated user is created
    /// in moto the first time. An authorize request Cognito would refuse throws.
    /// </summary>
    public async Task<string> IssueCode(GoogleUser user, Uri authorizeUrl)
    {
        ArgumentNullException.ThrowIfNull(authorizeUrl);
        Assert.Equal(new Uri(Url, "/oauth2/authorize").GetLeftPart(UriPartial.Path), authorizeUrl.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(authorizeUrl.Query);
        Assert.Equal(clientId, Single(query, "client_id"));
        Assert.Equal("code", Single(query, "response_type"));
        Assert.Equal("Google", Single(query, "identity_provider"));
        Assert.Equal("S256", Single(query, "code_challenge_method"));
        var challenge = Single(query, "code_challenge");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", challenge);


        await federating.WaitAsync();
        try
        {
            await Federate(user);
        }
        finally
        {
            federating.Release();
        }

        var code = Guid.NewGuid().ToString();
        codes[code] = new IssuedCode(user.Username, Single(query, "redirect_uri"), challenge);
        return code;
    }

    private static string Single(Dictionary<string, StringValues> query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 ? values[0]! : throw new InvalidOperationException($"The authorize URL has no single {name}");

    private async Task Federate(GoogleUser user)
    {
        if (!passwords.ContainsKey(user.Username))
        {
            var password = "G00gle!" + Guid.NewGuid().ToString("N")[..12];
            var attributes = new JsonArray();
            if (user.Email.Length > 0)
            {
                attributes.Add(Attribute("email", user.Email));
            }

            if (user.EmailVerified is not null)
            {
                attributes.Add(Attribute("email_verified", user.EmailVerified));
            }

            if (user.GivenName is not null)
            {
                attributes.Add(Attribute("given_name", user.GivenName));
            }

            if (user.FamilyName is not null)
            {
                attributes.Add(Attribute("family_name", user.FamilyName));
            }

            await Moto("AdminCreateUser", new JsonObject
            {
                ["UserPoolId"] = poolId,
                ["Username"] = user.Username,
                ["MessageAction"] = "SUPPRESS",
                ["UserAttributes"] = attributes,
            });
            await Moto("AdminSetUserPassword", new JsonObject
            {
                ["UserPoolId"] = poolId,
                ["Username"] = user.Username,
                ["Password"] = password,
                ["Permanent"] = true,
            });
            passwords[user.Username] = password;
        }
    }

    /// <summary>True when moto still has this federated user.</summary>
    public async Task<bool> Exists(GoogleUser user)
    {
        using var response = await Send("AdminGetUser", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = user.Username });
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var body = await response.Content.ReadAsStringAsync();
        return body.Contains("UserNotFoundException", StringComparison.Ordinal)
            ? false
            : throw new InvalidOperationException($"AdminGetUser failed: {body}");
    }

    /// <summary>The Cognito groups of this federated user.</summary>
    public async Task<List<string>> Groups(GoogleUser user)
    {
        var page = await Moto("AdminListGroupsForUser", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = user.Username });
        return [.. page.GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("GroupName").GetString()!)];
    }

    private async Task Token(HttpContext context)
    {
        Interlocked.Increment(ref exchanges);
        if (Down)
        {
            context.Abort();
            return;
        }

        if (!BasicAuthIsTheClient(context.Request))
        {
            await Refuse(context, 401, "invalid_client");
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await Refuse(context, 400, "invalid_request");
            return;
        }

        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code")
        {
            await Refuse(context, 400, "unsupported_grant_type");
            return;
        }

        if (form.TryGetValue("client_id", out var formClient) && formClient != clientId)
        {
            await Refuse(context, 401, "invalid_client");
            return;
        }

        // A code is spent by its first exchange, whether or not the rest of the request is right.
        if (!codes.TryRemove(form["code"].ToString(), out var issued) || form["redirect_uri"] != issued.RedirectUri
            || !VerifierMatches(form["code_verifier"], issued.CodeChallenge))
        {
            await Refuse(context, 400, "invalid_grant");
            return;
        }

        var auth = await Moto("InitiateAuth", new JsonObject
        {
            ["ClientId"] = clientId,
            ["AuthFlow"] = "USER_PASSWORD_AUTH",
            ["AuthParameters"] = new JsonObject
            {
                ["USERNAME"] = issued.Username,
                ["PASSWORD"] = passwords[issued.Username],
                ["SECRET_HASH"] = CognitoSecretHash.Compute(issued.Username, clientId, clientSecret),
            },
        });
        var result = auth.GetProperty("AuthenticationResult");
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = result.GetProperty("AccessToken").GetString()!,
            ["id_token"] = result.GetProperty("IdToken").GetString()!,
            ["refresh_token"] = result.GetProperty("RefreshToken").GetString()!,
            ["expires_in"] = result.GetProperty("ExpiresIn").GetInt32(),
            ["token_type"] = "Bearer",
        });
    }

    /// <summary>PKCE S256 as Cognito computes it: the verifier's SHA-256, base64url without padding.</summary>
    public static string S256(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The exchange's verifier is the one whose S256 the authorize request carried.</summary>
    private static bool VerifierMatches(StringValues verifier, string challenge) =>
        verifier.Count == 1 && !string.IsNullOrEmpty(verifier[0]) && S256(verifier[0]!) == challenge;

    private bool BasicAuthIsTheClient(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)) == $"{clientId}:{clientSecret}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Task Refuse(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error });
    }

    private static JsonObject Attribute(string name, string value) => new() { ["Name"] = name, ["Value"] = value };

    private async Task<JsonElement> Moto(string operation, JsonObject body)
    {
        using var response = await Send(operation, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone()
            : throw new InvalidOperationException($"moto {operation} failed: {text}");
    }

    /// <summary>A raw call to moto: usernames go exactly as given (the service's client lower-cases emails).</summary>
    private Task<HttpResponseMessage> Send(string operation, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, motoUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0");
        return moto.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        moto.Dispose();
        federating.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed record IssuedCode(string Username, string RedirectUri, string CodeChallenge);
}
