namespace HomeUniteUs.WebGateway.Validation;

/// <summary>An ISO-8601 date and time (UTC when it names no offset), e.g. <c>2026-12-01T18:00:00Z</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class IsoTimeAttribute : ValidationAttribute
{
    public IsoTimeAttribute() => ErrorMessage = "Input should be an ISO-8601 date and time, e.g. 2026-12-01T18:00:00Z";

    /// <summary>The time a valid text names, in UTC; null for null.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        text is null ? null : TryParse(text, out var time) ? time : throw new FormatException(nameof(IsoTimeAttribute));

    public override bool IsValid(object? value) => value is null || (value is string text && TryParse(text, out _));

    private static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        var ok = text.Length is >= 10 and <= 64 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[7] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
        time = time.ToUniversalTime();
        return ok;
    }
}
