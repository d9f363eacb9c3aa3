using HomeUniteUs.Grains.Interfaces.Validation;

namespace HomeUniteUs.WebGateway.Validation;

/// <summary>The one text rule of request fields: no control characters but line breaks and tabs, at most <paramref name="maxLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TextAttribute(int maxLength) : ValidationAttribute
{
    public int MaxLength { get; } = maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) => value switch
    {
        string text when TextRules.HasControlCharacters(text) => Fail(validationContext, ValidationMessages.ControlCharacters),
        string text when TextRules.IsLongerThan(text, MaxLength) => Fail(validationContext, $"String should have at most {MaxLength} characters"),
        _ => ValidationResult.Success,
    };

    internal static ValidationResult Fail(ValidationContext context, string message) =>
        new(message, context.MemberName is { } member ? [member] : null);
}
