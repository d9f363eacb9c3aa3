using System.Net.Http.Headers;

namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>
/// Cognito's OAuth 2.0 token endpoint, <c>POST {COGNITO_ENDPOINT_URL}/oauth2/token</c>: trades the hosted UI's
/// authorization code for tokens (form-encoded, HTTP Basic auth with the app client's id and secret, and the PKCE
/// verifier whose SHA-256 the authorize request carried, so only the browser that started the flow can redeem it). A code is
/// good for one exchange, so nothing here is retried. A 400 is <see cref="OAuthCodeRefusedException"/>; an
/// endpoint that cannot be reached, times out or answers 5xx is <see cref="CognitoUnavailableException"/>.
/// </summary>
public sealed class CognitoTokenEndpoint(HttpClient http, HuuSettings settings)
{
    public const string Operation = "oauth2/token";

    public bool IsConfigured => settings.CognitoEndpointUrl is not null;

    /// <summary>
    /// The tokens for <paramref name="code"/>, which the hosted UI issued for <paramref name="redirectUri"/> and the
    /// code challenge of <paramref name="codeVerifier"/>.
    /// </summary>
    public async Task<OAuthTokens> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken = default)
    {
        var endpoint = settings.CognitoEndpointUrl ?? throw new InvalidOperationException("COGNITO_ENDPOINT_URL is not set");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.TrimEnd('/') + "/" + Operation))
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("grant_type", "authorization_code"),
                KeyValuePair.Create("client_id", settings.CognitoClientId),
                KeyValuePair.Create("code", code),
                KeyValuePair.Create("redirect_uri", redirectUri),
                KeyValuePair.Create("code_verifier", codeVerifier),
            ]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.CognitoClientId}:{settings.CognitoClientSecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CognitoUnavailableException(Operation, $"The token endpoint could not be reached: {e.HttpRequestError}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CognitoUnavailableException(Operation, "The token endpoint did not answer in time", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                throw new OAuthCodeRefusedException(ErrorName(body));
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new CognitoUnavailableException(Operation, $"The token endpoint answered {(int)response.StatusCode}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new CognitoException(Operation, CognitoErrorReader.UnknownError, $"The token endpoint refused the client ({ErrorName(body)})", (int)response.StatusCode);
            }

            try
            {
                if (JsonSerializer.Deserialize<OAuthTokens>(body) is { AccessToken.Length: > 0, IdToken.Length: > 0 } tokens)
                {
                    return tokens;
                }
            }
            catch (JsonException)
            {
            }

            throw new CognitoException(Operation, CognitoErrorReader.UnknownError, "The token endpoint answered without tokens", (int)response.StatusCode);
        }
    }

    /// <summary>The OAuth <c>error</c> of an error answer (<c>invalid_grant</c>, …), or null.</summary>
    private static string? ErrorName(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The token endpoint's answer.</summary>
public sealed record OAuthTokens(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("id_token")] string IdToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>
/// The token endpoint answered 400: the code is invalid, expired, already used, or was issued for another redirect URI
/// or another code verifier.
/// </summary>
public sealed class OAuthCodeRefusedException(string? error) : Exception($"The token endpoint refused the authorization code ({error ?? "no error name"})")
{
    public string? Error { get; } = error;
}
