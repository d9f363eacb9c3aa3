using System.Diagnostics.CodeAnalysis;

namespace HomeUniteUs.WebGateway.Validation;

/// <summary>
/// An id in a path: digits only, 1 to 2147483647 (no sign, spaces, exponent or hex: int's own parsing would
/// read "+5" or " 5" as 5). Anything else fails to bind, which is a 422 naming the parameter
/// (see ApiExceptionHandler), so it never reaches a grain or a sequence.
/// </summary>
public readonly record struct PathId(int Value) : IParsable<PathId>
{
    public static implicit operator int(PathId id) => id.Value;

    public static PathId Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var id) ? id : throw new FormatException(ValidationMessages.PositiveInteger);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PathId result)
    {
        var ok = int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
        result = new PathId(ok ? value : 0);
        return ok;
    }

    public int ToInt32() => Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
