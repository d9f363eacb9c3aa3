using System.ComponentModel.DataAnnotations;

namespace HomeUniteUs.WebGateway.Validation;

/// <summary>
/// Ids are positive integers up to 2147483647: on an <c>int</c> path parameter a larger number already fails to bind
/// (422, see ErrorHandlingMiddleware), this refuses zero and negatives. On a <c>long?</c> body field it bounds the same range.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PositiveIdAttribute : RangeAttribute
{
    public PositiveIdAttribute()
        : base(1d, int.MaxValue) => ErrorMessage = ValidationMessages.PositiveInteger;
}
