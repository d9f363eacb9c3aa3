namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>
/// The intake profile of one user, keyed by user id. The caller passes the form the user's role
/// answers (guest → 1, host → 2); a profile stays bound to the form of its first save, and a call
/// naming another form is a 409 CONFLICT. An unknown form id is a 404 NOT_FOUND.
/// Failures are <see cref="Errors.HuuException"/>s.
/// </summary>
public interface IIntakeProfileGrain : ActivityList.IActivitySourceGrain
{
    /// <summary>The profile; status NEW with no answers when nothing was saved yet.</summary>
    Task<IntakeProfile> Get(int formId);

    /// <summary>
    /// Merges the answers into the stored ones by field id (a JSON null value clears an answer;
    /// fields not named keep their answers) and moves the profile to IN_PROGRESS.
    /// Allowed only while NEW or IN_PROGRESS, else 409 CONFLICT. Every value is checked against its
    /// field; one 422 VALIDATION_ERROR names each bad field (the field id, or <c>responses[i].fieldId</c>
    /// for an unknown, missing or repeated id). At most 500 answers per call, each at most 20,000
    /// characters of JSON. Required answers are not enforced here, only at submit.
    /// </summary>
    Task<IntakeProfile> Save(int formId, IReadOnlyList<IntakeResponse> responses);

    /// <summary>
    /// Moves the profile to SUBMITTED when every required answer is present (required, required_if
    /// whose condition holds, and the field linked to the chosen contact method), else 422 listing each
    /// missing field with "Field required". Only from NEW or IN_PROGRESS, else 409 CONFLICT.
    /// <paramref name="actorId"/> (who submits) is the <c>intake_submitted</c> event's actor.
    /// </summary>
    Task<IntakeProfile> Submit(int formId, long actorId);

    /// <summary>
    /// A coordinator's decision on a SUBMITTED profile (else 409 CONFLICT): <c>APPROVED</c> makes it
    /// APPROVED, which is final; <c>DENIED</c> reopens it for the owner: the returned profile, which
    /// is its new status, is IN_PROGRESS, so it can be edited and submitted again. Either way the note
    /// (at most 2,000 characters) is stored as <see cref="IntakeProfile.ReviewNote"/>, replacing any
    /// earlier one. Any other decision is a 422 naming <c>decision</c>. <paramref name="actorId"/> (the reviewer) is
    /// the <c>intake_reviewed</c> event's actor.
    /// </summary>
    Task<IntakeProfile> Review(string decision, string? note, long actorId);
}
