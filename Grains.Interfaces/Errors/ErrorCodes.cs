namespace HomeUniteUs.Grains.Interfaces.Errors;

/// <summary>The stable machine codes of API.md's error table.</summary>
public static class ErrorCodes
{
    public const string Validation = "VALIDATION_ERROR";
    public const string WrongCredentials = "AUTH001";
    public const string UserNotFound = "AUTH002";
    public const string UserNotConfirmed = "AUTH003";
    public const string MalformedChallenge = "AUTH004";
    public const string UserNotInStore = "AUTH005";
    public const string RateLimited = "AUTH008";
    public const string InvalidEmail = "AUTH009";
    public const string CognitoOther = "AUTH999";
    public const string UserExists = "USER_EXISTS";
    public const string OAuthInvalidCode = "OAUTH_INVALID_CODE";
    public const string RoleNotAllowed = "ROLE_NOT_ALLOWED";
    public const string EmailNotVerified = "EMAIL_NOT_VERIFIED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string OutcomeUnknown = "OUTCOME_UNKNOWN";
    public const string Internal = "INTERNAL_ERROR";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string BadRequest = "BAD_REQUEST";
    public const string UriTooLong = "URI_TOO_LONG";
}
