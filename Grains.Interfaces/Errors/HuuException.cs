namespace HomeUniteUs.Grains.Interfaces.Errors;

/// <summary>
/// A domain failure with a stable machine code (API.md's table) and an HTTP status.
/// Thrown by grains and carried across grain calls; the gateway maps it to the one error shape.
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

    public HuuException(int status, string code, string message, IReadOnlyList<FieldError>? errors = null, IReadOnlyList<string>? items = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Errors = errors;
        Items = items;
    }

    [Id(0)]
    public int Status { get; init; } = 500;

    [Id(1)]
    public string Code { get; init; } = ErrorCodes.Internal;

    /// <summary>Per-field validation failures (only for <see cref="ErrorCodes.Validation"/>).</summary>
    [Id(2)]
    public IReadOnlyList<FieldError>? Errors { get; init; }

    /// <summary>Things that block the operation, e.g. the guests a coordinator still owns.</summary>
    [Id(3)]
    public IReadOnlyList<string>? Items { get; init; }

    public static HuuException NotFound(string message) => new(404, ErrorCodes.NotFound, message);

    public static HuuException Conflict(string message, IReadOnlyList<string>? items = null) => new(409, ErrorCodes.Conflict, message, items: items);

    public static HuuException Forbidden(string message = "You are not allowed to do this") => new(403, ErrorCodes.Forbidden, message);

    public static HuuException Validation(params FieldError[] errors) =>
        new(422, ErrorCodes.Validation, errors.Length == 1 ? $"{errors[0].Field}: {errors[0].Message}" : "The request is not valid", errors);

    public static HuuException Validation(IReadOnlyList<FieldError> errors) => Validation([.. errors]);

    public static HuuException Unavailable(string message = "A service this request needs is unavailable, please retry shortly") =>
        new(503, ErrorCodes.ServiceUnavailable, message);
}

/// <summary>One bad field of a request.</summary>
[GenerateSerializer, Immutable]
public sealed record FieldError(string Field, string Message);
