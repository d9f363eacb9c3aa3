namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>
/// The way in to a user's intake profile for a caller, keyed by the profile owner's user id: it decides
/// what the caller may do, picks the form by the owner's role (guest → 1, host → 2) and hands the call to
/// the owner's <see cref="IIntakeProfileGrain"/>, which trusts its callers.
/// <list type="bullet">
/// <item>Read: the owner and admins; for a guest also the coordinator of the guest's case, for a host any coordinator.</item>
/// <item>Write (save, submit): the owner only.</item>
/// <item>Review: admins; for a guest the coordinator of the guest's case, for a host any coordinator.</item>
/// </list>
/// Every other caller gets a 403 FORBIDDEN; a guest or host asking about someone else gets it before
/// learning whether that user exists. An unknown user, or one whose role has no form, is a 404 NOT_FOUND.
/// Everything else is as <see cref="IIntakeProfileGrain"/> says.
/// </summary>
public interface IIntakeProfileAccessGrain : IGrainWithIntegerKey
{
    /// <summary>The profile (status NEW with no answers when nothing was saved yet), for a reader.</summary>
    Task<IntakeProfile> Get(Caller caller);

    /// <summary>Merges the owner's answers, as <see cref="IIntakeProfileGrain.Save"/>.</summary>
    Task<IntakeProfile> Save(Caller caller, IReadOnlyList<IntakeResponse> responses);

    /// <summary>The owner submits, as <see cref="IIntakeProfileGrain.Submit"/>.</summary>
    Task<IntakeProfile> Submit(Caller caller);

    /// <summary>A reviewer's decision, as <see cref="IIntakeProfileGrain.Review"/>.</summary>
    Task<IntakeProfile> Review(Caller caller, string decision, string? note);
}
