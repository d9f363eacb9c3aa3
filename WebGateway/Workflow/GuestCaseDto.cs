namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>A guest case on the wire (API.md's GuestCase).</summary>
public sealed record GuestCaseDto(long GuestId, long CoordinatorId, string Status, string Notes, string CreatedAt, string UpdatedAt)
{
    public static GuestCaseDto From(GuestCase guestCase) => new(
        guestCase.GuestId, guestCase.CoordinatorId, guestCase.Status, guestCase.Notes,
        UtcTimestamp.Format(guestCase.CreatedAt), UtcTimestamp.Format(guestCase.UpdatedAt));
}

/// <summary>The body of PUT /api/coordinator/cases/{guestId}: any of the three (whether the coordinator exists is the grain's rule).</summary>
public sealed record GuestCaseChangeRequest(
    [property: PositiveId] long? CoordinatorId,
    [property: OneOf(GuestCaseStatus.InProgress, GuestCaseStatus.Matched, GuestCaseStatus.Closed)] string? Status,
    [property: Text(GuestCaseLimits.MaxNotesLength)] string? Notes) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CoordinatorId is null && Status is null && Notes is null)
        {
            yield return new ValidationResult("Field required: at least one of coordinatorId, status, notes", ["body"]);
        }
    }

    public GuestCaseChange ToChange() => new(CoordinatorId, OneOfAttribute.Canonical(Status, GuestCaseStatus.All), Notes);
}
