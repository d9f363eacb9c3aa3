namespace HomeUniteUs.WebGateway.Matches;

/// <summary>The body of POST /api/matches: it names the guest and the host, so the reach filter checks both.</summary>
public sealed record ProposalRequest(
    [property: RequiredField, PositiveId] long? GuestId,
    [property: RequiredField, PositiveId] long? HostId) : INamesPeople
{
    IEnumerable<long> INamesPeople.PersonIds => new[] { GuestId, HostId }.OfType<long>();
}

/// <summary>The body of POST /api/matches/{id}/respond.</summary>
public sealed record RespondRequest([property: RequiredField] bool? Accept);

/// <summary>The body of POST /api/matches/{id}/meeting: schedule it, record it as held, or both.</summary>
public sealed record MeetingRequest(
    [property: IsoTime] string? MeetingAt,
    bool? Held) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TimeOrDone.Validate(MeetingAt, "meetingAt", Held, "held", "held meeting");

    public MeetingChange ToChange() => new(IsoTimeAttribute.Parse(MeetingAt), Held == true);
}

/// <summary>The body of POST /api/matches/{id}/end.</summary>
public sealed record EndRequest([property: RequiredField, Text(MatchLimits.MaxEndReasonLength)] string Reason);
