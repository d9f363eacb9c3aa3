namespace HomeUniteUs.WebGateway.Access;

/// <summary>PUT /api/users/{id}/housing-org: <c>housingOrgId</c> must be sent (null = unaffiliated); <c>lead</c> only for coordinators.</summary>
public sealed record MembershipRequest(
    [property: JsonPropertyName("housingOrgId"), JsonRequired, PositiveId] long? HousingOrgId,
    [property: JsonPropertyName("lead")] bool? Lead)
{
    public MembershipChange ToChange() => new(HousingOrgId, Lead);
}
