using HomeUniteUs.Grains.Interfaces.Validation;

namespace HomeUniteUs.WebGateway.Validation;

/// <summary>The one email rule (<see cref="TextRules.IsEmail"/>), with the message API.md fixes.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class EmailAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string text && !TextRules.IsEmail(text)
            ? TextAttribute.Fail(validationContext, ValidationMessages.NotEmail)
            : ValidationResult.Success;
}
