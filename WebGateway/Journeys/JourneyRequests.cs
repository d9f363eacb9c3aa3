namespace HomeUniteUs.WebGateway.Journeys;

/// <summary>The body of POST /api/journeys/{userId}/steps/{key}: schedule the step, complete it, or both.</summary>
public sealed record StepChangeRequest(
    [property: IsoTime] string? ScheduledAt,
    bool? Completed) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScheduledAt is null && Completed is null)
        {
            yield return new ValidationResult("Field required: scheduledAt or completed", ["body"]);
        }

        if (Completed == false)
        {
            yield return new ValidationResult("A completed step cannot be undone: send true, or leave it out", ["completed"]);
        }
    }

    public StepChange ToChange() => new(IsoTimeAttribute.Parse(ScheduledAt), Completed == true);
}
