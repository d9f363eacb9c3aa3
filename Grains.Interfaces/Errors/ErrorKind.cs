namespace HomeUniteUs.Grains.Interfaces.Errors;

/// <summary>What kind of failure a <see cref="HuuException"/> is; <see cref="ErrorKinds.Status"/> turns it into API.md's HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>Anything unexpected (500).</summary>
    Failed = 0,

    /// <summary>The request does not fit the schema (422).</summary>
    Invalid,

    /// <summary>A well-formed request that a rule or Cognito refuses (400).</summary>
    Rejected,

    /// <summary>No or bad credentials (401).</summary>
    Unauthenticated,

    /// <summary>The caller may not do this (403).</summary>
    Forbidden,

    /// <summary>The resource (or the person) does not exist (404).</summary>
    NotFound,

    /// <summary>The state of a resource forbids it now (409).</summary>
    Conflict,

    /// <summary>Too many attempts (429).</summary>
    RateLimited,

    /// <summary>A dependency is down: retry later (503).</summary>
    Unavailable,

    /// <summary>The body is over the limit (413).</summary>
    TooLarge,

    /// <summary>The body is not JSON (415).</summary>
    UnsupportedMediaType,

    /// <summary>The route does not take this method (405).</summary>
    MethodNotAllowed,

    /// <summary>The request body arrived too slowly (408).</summary>
    RequestTimeout,

    /// <summary>The request line is over the limit (414).</summary>
    UriTooLong,
}

/// <summary>The one table from error kinds to HTTP statuses.</summary>
public static class ErrorKinds
{
    private static readonly (ErrorKind Kind, int Status)[] Statuses =
    [
        (ErrorKind.Invalid, 422),
        (ErrorKind.Rejected, 400),
        (ErrorKind.Unauthenticated, 401),
        (ErrorKind.Forbidden, 403),
        (ErrorKind.NotFound, 404),
        (ErrorKind.MethodNotAllowed, 405),
        (ErrorKind.RequestTimeout, 408),
        (ErrorKind.Conflict, 409),
        (ErrorKind.TooLarge, 413),
        (ErrorKind.UriTooLong, 414),
        (ErrorKind.UnsupportedMediaType, 415),
        (ErrorKind.RateLimited, 429),
        (ErrorKind.Unavailable, 503),
    ];

    public static int Status(ErrorKind kind) => Statuses.FirstOrDefault(s => s.Kind == kind) is { Status: > 0 } found ? found.Status : 500;
}
