using System.Text.RegularExpressions;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Configuration;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// "Continue with Google" (/api/auth/google): the redirect to Cognito's hosted UI, and the two routes the frontend
/// posts the returned code to. The exchange and the identity rules run in the silo (<see cref="IGoogleSignInGrain"/>).
/// Only the frontend's own callback paths are accepted, so the routes never redirect anywhere else.
/// </summary>
public static partial class GoogleEndpoints
{
    /// <summary>The frontend's pages that take the browser back from the hosted UI.</summary>
    public static readonly IReadOnlyList<string> CallbackPaths = ["/signin", "/signup/guest", "/signup/host", "/signup/coordinator"];

    /// <summary>The scopes the frontend's sign-in needs, written as API.md spells them (form-encoded spaces).</summary>
    private const string Scope = "email+openid+profile+phone+aws.cognito.signin.user.admin";

    public static IEndpointRouteBuilder MapGoogleAuthApi(this IEndpointRouteBuilder app)
    {
        var google = app.MapGroup("/api/auth/google").WithTags("Auth");
        google.MapGet("", Authorize);
        google.MapPost("/sign_in", SignIn).Accepts<GoogleCodeRequest>("application/json");
        google.MapPost("/sign_up", SignUp).Accepts<GoogleCodeRequest>("application/json");
        return app;
    }

    private static RedirectHttpResult Authorize(HttpRequest request, HuuSettings settings)
    {
        var endpoint = Endpoint(settings);
        var query = FieldReader.FromQuery(request.Query);
        var redirectUri = CallbackPath(query, "redirect_uri");
        query.ThrowIfInvalid();
        return TypedResults.Redirect(
            $"{endpoint}/oauth2/authorize?client_id={Uri.EscapeDataString(settings.CognitoClientId)}&response_type=code&scope={Scope}"
            + $"&redirect_uri={Uri.EscapeDataString(AuthEndpoints.RootUrl(settings, redirectUri![1..]))}&identity_provider=Google");
    }

    private static async Task<Ok<SignInDto>> SignIn(HttpRequest request, ClusterClientHost cluster, HuuSettings settings)
    {
        Endpoint(settings);
        var query = FieldReader.FromQuery(request.Query);
        var callback = CallbackPath(query, "callback_uri");
        query.ThrowIfInvalid();
        var code = await Code(request);
        var outcome = await cluster.Grains.GetGrain<IGoogleSignInGrain>(0).SignIn(code, AuthEndpoints.RootUrl(settings, callback![1..]));
        return SignedIn(request, settings, outcome);
    }

    /// <summary>The role is the last segment of a /signup/{role} callback; the grain refuses any but guest, host and coordinator.</summary>
    private static async Task<Ok<SignInDto>> SignUp(HttpRequest request, ClusterClientHost cluster, HuuSettings settings)
    {
        Endpoint(settings);
        var query = FieldReader.FromQuery(request.Query);
        var callback = query.String("callback_uri", required: true, maxLength: 64);
        if (callback is not null && !CallbackPaths.Contains(callback) && !SignUpPath().IsMatch(callback))
        {
            query.Add("callback_uri", NotACallback);
        }

        query.ThrowIfInvalid();
        var code = await Code(request);
        var role = SignUpPath().Match(callback!) is { Success: true } match ? match.Groups["role"].Value : null;
        var outcome = await cluster.Grains.GetGrain<IGoogleSignInGrain>(0).SignUp(code, AuthEndpoints.RootUrl(settings, callback![1..]), role);
        return SignedIn(request, settings, outcome);
    }

    private static Ok<SignInDto> SignedIn(HttpRequest request, HuuSettings settings, SignInOutcome outcome)
    {
        SessionCookies.Set(request.HttpContext.Response, settings, outcome.Tokens!);
        return TypedResults.Ok(new SignInDto(UserDto.From(outcome.User!), outcome.Tokens!.AccessToken));
    }

    /// <summary>COGNITO_ENDPOINT_URL without a trailing slash; without it the Google routes are a 503.</summary>
    private static string Endpoint(HuuSettings settings) =>
        settings.CognitoEndpointUrl?.TrimEnd('/') ?? throw HuuException.Unavailable("Google sign-in is not configured");

    private static string? CallbackPath(FieldReader query, string name)
    {
        var path = query.String(name, required: true, maxLength: 64);
        if (path is not null && !CallbackPaths.Contains(path))
        {
            query.Add(name, NotACallback);
            return null;
        }

        return path;
    }

    private static async Task<string> Code(HttpRequest request)
    {
        var body = await JsonBody.Read(request);
        var code = body.String("code", required: true, maxLength: 2048);
        body.ThrowIfInvalid();
        return code!;
    }

    private static readonly string NotACallback = "Input should be one of the frontend's callback paths: " + string.Join(", ", CallbackPaths);

    [GeneratedRegex("^/signup/(?<role>[A-Za-z0-9_-]{1,32})$", RegexOptions.CultureInvariant)]
    private static partial Regex SignUpPath();
}

/// <summary>The body of the Google code routes.</summary>
public sealed record GoogleCodeRequest(string Code);
