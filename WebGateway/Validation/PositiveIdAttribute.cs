namespace HomeUniteUs.WebGateway.Validation;

/// <summary>An id in a body field: 1 to 2147483647, like a path id (<see cref="PathId"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PositiveIdAttribute : RangeAttribute
{
    public PositiveIdAttribute()
        : base(1d, int.MaxValue) => ErrorMessage = ValidationMessages.PositiveInteger;
}
