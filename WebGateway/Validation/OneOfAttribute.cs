namespace HomeUniteUs.WebGateway.Validation;

/// <summary>One of a fixed set of strings, compared case-insensitively; <see cref="Canonical"/> gives the listed spelling.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(params string[] allowed) : ValidationAttribute
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    public static string? Canonical(string? value, IEnumerable<string> allowed) =>
        value is null ? null : allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase));

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string text && Canonical(text, Allowed) is null
            ? TextAttribute.Fail(validationContext, $"Input should be one of: {string.Join(", ", Allowed)}")
            : ValidationResult.Success;
}
