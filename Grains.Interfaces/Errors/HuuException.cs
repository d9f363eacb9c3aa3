namespace HomeUniteUs.Grains.Interfaces.Errors;

/// <summary>
/// A domain failure with a stable machine code (API.md's table) and a <see cref="ErrorKind"/>, whose HTTP
/// status is <see cref="ErrorKinds.Status"/>. Thrown by grains and carried across grain calls; the gateway
/// maps it to the one error shape.
/// </summary>
[GenerateSerializer]
public sealed class HuuException : Exception
{
    public HuuException()
    {
    }

    public HuuException(string message)
        : base(message)
    {
    }

    public HuuException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HuuException(ErrorKind kind, string code, string message, IReadOnlyList<FieldError>? errors = null, IReadOnlyList<string>? items = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Errors = errors;
        Items = items;
    }

    [Id(0)]
    public ErrorKind Kind { get; init; }

    /// <summary>The HTTP status of <see cref="Kind"/>.</summary>
    public int Status => ErrorKinds.Status(Kind);

    [Id(1)]
    public string Code { get; init; } = ErrorCodes.Internal;

    /// <summary>Per-field validation failures (only for <see cref="ErrorCodes.Validation"/>).</summary>
    [Id(2)]
    public IReadOnlyList<FieldError>? Errors { get; init; }

    /// <summary>Things that block the operation, e.g. the guests a coordinator still owns.</summary>
    [Id(3)]
    public IReadOnlyList<string>? Items { get; init; }

    /// <summary>
    /// For a 503, the dependency that was unavailable when the code knows it (<see cref="UnavailableDependencies"/>): callers up
    /// the chain tell a database outage from another by this code, never by the message text. Not part of the HTTP answer.
    /// </summary>
    [Id(4)]
    public string? Dependency { get; init; }

    public static HuuException NotFound(string message) => new(ErrorKind.NotFound, ErrorCodes.NotFound, message);

    public static HuuException Conflict(string message, IReadOnlyList<string>? items = null) => new(ErrorKind.Conflict, ErrorCodes.Conflict, message, items: items);

    public static HuuException Forbidden(string message = "You are not allowed to do this") => new(ErrorKind.Forbidden, ErrorCodes.Forbidden, message);

    public static HuuException Validation(params FieldError[] errors) =>
        new(ErrorKind.Invalid, ErrorCodes.Validation, errors.Length == 1 ? $"{errors[0].Field}: {errors[0].Message}" : "The request is not valid", errors);

    public static HuuException Validation(IReadOnlyList<FieldError> errors) => Validation([.. errors]);

    public static HuuException Unavailable(string message = "A service this request needs is unavailable, please retry shortly") =>
        new(ErrorKind.Unavailable, ErrorCodes.ServiceUnavailable, message);

    /// <summary>A write whose fate the gateway could not learn (a silo died mid-call, a timeout): a 503 the client resolves by retrying with the same Idempotency-Key.</summary>
    public static HuuException OutcomeUnknown() =>
        new(ErrorKind.Unavailable, ErrorCodes.OutcomeUnknown, "It is not known whether this change was applied (a service failed mid-call); retry it with the same Idempotency-Key");
}

/// <summary>The values of <see cref="HuuException.Dependency"/>.</summary>
public static class UnavailableDependencies
{
    public const string Database = "database";
}

/// <summary>One bad field of a request.</summary>
[GenerateSerializer, Immutable]
public sealed record FieldError(string Field, string Message);
