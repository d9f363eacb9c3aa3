namespace HomeUniteUs.WebGateway.Validation;

/// <summary>[Required] with API.md's message; a blank string counts as missing unless <see cref="RequiredAttribute.AllowEmptyStrings"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class RequiredFieldAttribute : RequiredAttribute
{
    public RequiredFieldAttribute() => ErrorMessage = ValidationMessages.Required;
}
