namespace HomeUniteUs.WebGateway.Matches;

/// <summary>The body of POST /api/matches.</summary>
public sealed record ProposalRequest(
    [property: RequiredField, PositiveId] long? GuestId,
    [property: RequiredField, PositiveId] long? HostId);

/// <summary>The body of POST /api/matches/{id}/respond.</summary>
public sealed record RespondRequest([property: RequiredField] bool? Accept);

/// <summary>The body of POST /api/matches/{id}/meeting: schedule it, record it as held, or both.</summary>
public sealed record MeetingRequest(
    [property: IsoTime] string? MeetingAt,
    bool? Held) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MeetingAt is null && Held is null)
        {
            yield return new ValidationResult("Field required: meetingAt or held", ["body"]);
        }

        if (Held == false)
        {
            yield return new ValidationResult("A held meeting cannot be undone: send true, or leave it out", ["held"]);
        }
    }

    public MeetingChange ToChange() => new(IsoTimeAttribute.Parse(MeetingAt), Held == true);
}

/// <summary>The body of POST /api/matches/{id}/end.</summary>
public sealed record EndRequest([property: RequiredField, Text(MatchLimits.MaxEndReasonLength)] string Reason);
