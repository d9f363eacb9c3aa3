namespace HomeUniteUs.WebGateway.Validation;

/// <summary>
/// The rule of a body that schedules something (a time), records it as done (a flag), or both: it must
/// carry one of the two, and done is one-way (false is refused, as it would undo it).
/// </summary>
public static class TimeOrDone
{
    /// <param name="what">What the flag records, as in "A <paramref name="what"/> cannot be undone".</param>
    public static IEnumerable<ValidationResult> Validate(string? time, string timeField, bool? done, string doneField, string what)
    {
        if (time is null && done is null)
        {
            yield return new ValidationResult($"{ValidationMessages.Required}: {timeField} or {doneField}", ["body"]);
        }

        if (done == false)
        {
            yield return new ValidationResult($"A {what} cannot be undone: send true, or leave it out", [doneField]);
        }
    }
}
