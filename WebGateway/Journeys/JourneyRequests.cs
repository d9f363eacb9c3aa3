namespace HomeUniteUs.WebGateway.Journeys;

/// <summary>The body of POST /api/journeys/{userId}/steps/{key}: schedule the step, complete it, or both.</summary>
public sealed record StepChangeRequest(
    [property: IsoTime] string? ScheduledAt,
    bool? Completed) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TimeOrDone.Validate(ScheduledAt, "scheduledAt", Completed, "completed", "completed step");

    public StepChange ToChange() => new(IsoTimeAttribute.Parse(ScheduledAt), Completed == true);
}
