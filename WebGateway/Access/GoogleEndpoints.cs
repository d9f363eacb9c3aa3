using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// "Continue with Google" (/api/auth/google): the redirect to Cognito's hosted UI, and the two routes the frontend
/// posts the returned code to. The exchange and the identity rules run in the silo (<see cref="IGoogleSignInGrain"/>).
/// Only the frontend's own callback paths are accepted, so the routes never redirect anywhere else. The redirect
/// starts PKCE in the browser and the code routes finish it (<see cref="GooglePkce"/>).
/// </summary>
public static partial class GoogleEndpoints
{
    /// <summary>The frontend's pages that take the browser back from the hosted UI.</summary>
    public static readonly IReadOnlyList<string> CallbackPaths = [SignInPage, "/signup/guest", "/signup/host", "/signup/coordinator"];

    private const string SignInPage = "/signin";

    /// <summary>The scopes the frontend's sign-in needs, written as API.md spells them (form-encoded spaces).</summary>
    private const string Scope = "email+openid+profile+phone+aws.cognito.signin.user.admin";

    public static IEndpointRouteBuilder MapGoogleAuthApi(this IEndpointRouteBuilder app)
    {
        var google = app.MapGroup("/api/auth/google").WithTags("Auth")
            .ProducesErrors(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        google.MapGet("", Authorize).Produces(StatusCodes.Status302Found);
        google.MapPost("/sign_in", SignIn)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status500InternalServerError);
        google.MapPost("/sign_up", SignUp)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status500InternalServerError);
        return app;
    }

    private static RedirectHttpResult Authorize([FromQuery(Name = "redirect_uri")] string? redirectPath, HuuSettings settings, HttpResponse response)
    {
        var endpoint = Endpoint(settings);
        var redirectUri = Callback(settings, CallbackPath(redirectPath, "redirect_uri", CallbackPaths.Contains));
        var challenge = GooglePkce.Begin(response, settings);
        return TypedResults.Redirect(
            $"{endpoint}/oauth2/authorize?client_id={Uri.EscapeDataString(settings.CognitoClientId)}&response_type=code&scope={Scope}"
            + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&identity_provider=Google&code_challenge={challenge}&code_challenge_method=S256");
    }

    private static async Task<Ok<SignInDto>> SignIn(
        [FromQuery(Name = "callback_uri")] string? callbackPath, GoogleCodeRequest request, IGrainFactory grains, HuuSettings settings, HttpContext context)
    {
        Endpoint(settings);
        var callback = Callback(settings, CallbackPath(callbackPath, "callback_uri", CallbackPaths.Contains));
        var verifier = GooglePkce.Take(context, settings);
        return SignedIn(context.Response, settings, await grains.GetGrain<IGoogleSignInGrain>(0).SignIn(request.Code, callback, verifier));
    }

    /// <summary>The role is the last segment of a /signup/{role} callback; the grain refuses any but guest, host and coordinator.</summary>
    private static async Task<Ok<SignInDto>> SignUp(
        [FromQuery(Name = "callback_uri")] string? callbackPath, GoogleCodeRequest request, IGrainFactory grains, HuuSettings settings, HttpContext context)
    {
        Endpoint(settings);
        var path = CallbackPath(callbackPath, "callback_uri", IsSignUpCallback);
        var role = SignUpPage().Match(path) is { Success: true } match ? match.Groups["role"].Value : null;
        var verifier = GooglePkce.Take(context, settings);
        var outcome = await grains.GetGrain<IGoogleSignInGrain>(0).SignUp(request.Code, Callback(settings, path), verifier, role);
        return SignedIn(context.Response, settings, outcome);
    }

    private static Ok<SignInDto> SignedIn(HttpResponse response, HuuSettings settings, SignInOutcome outcome)
    {
        SessionCookies.Set(response, settings, outcome.Tokens!);
        return TypedResults.Ok(new SignInDto(UserDto.From(outcome.User!), outcome.Tokens!.AccessToken));
    }

    /// <summary>COGNITO_ENDPOINT_URL without a trailing slash; without it the Google routes are a 503.</summary>
    private static string Endpoint(HuuSettings settings) =>
        settings.CognitoEndpointUrl?.TrimEnd('/') ?? throw HuuException.Unavailable("Google sign-in is not configured");

    /// <summary>{ROOT_URL}{path}: the redirect URI of the hosted UI and of the code exchange.</summary>
    private static string Callback(HuuSettings settings, string path) => AuthEndpoints.RootUrl(settings, path.TrimStart('/'));

    /// <summary>A sign-up callback: one of the frontend's pages, or /signup/{anything} (refused by the role rule, not here).</summary>
    private static bool IsSignUpCallback(string path) => CallbackPaths.Contains(path) || SignUpPage().IsMatch(path);

    /// <summary>
    /// The query's callback path, trimmed, when <paramref name="allowed"/> takes it; else a 422 naming the query
    /// parameter as the client spelt it (checked here, not by attributes: a query's field names are its own).
    /// </summary>
    private static string CallbackPath(string? value, string field, Func<string, bool> allowed)
    {
        var path = value?.Trim();
        if (string.IsNullOrEmpty(path))
        {
            throw HuuException.Validation(new FieldError(field, ValidationMessages.Required));
        }

        return path.Length <= 64 && allowed(path)
            ? path
            : throw HuuException.Validation(new FieldError(field, "Input should be one of the frontend's callback paths: " + string.Join(", ", CallbackPaths)));
    }

    [GeneratedRegex("^/signup/(?<role>[A-Za-z0-9_-]{1,32})$", RegexOptions.CultureInvariant)]
    private static partial Regex SignUpPage();
}

/// <summary>The body of the Google code routes: the authorization code the hosted UI returned.</summary>
public sealed record GoogleCodeRequest([property: RequiredField, Text(2048)] string Code);
