using Microsoft.Extensions.Primitives;

namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>The Idempotency-Key header's rule: one value of 1–255 visible ASCII characters, else 422.</summary>
public static class IdempotencyKeyHeader
{
    public const int MaxLength = 255;

    public static string Parse(StringValues values)
    {
        if (values.Count == 1 && values[0] is { Length: > 0 and <= MaxLength } key && key.All(c => c is >= '!' and <= '~'))
        {
            return key;
        }

        throw HuuException.Validation(new FieldError(IdempotencyMiddleware.Header,
            $"An Idempotency-Key is one value of 1 to {MaxLength} visible ASCII characters"));
    }
}
