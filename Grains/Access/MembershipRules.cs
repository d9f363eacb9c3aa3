namespace HomeUniteUs.Grains.Access;

/// <summary>
/// Who may change whose housing org membership (API.md, PUT /api/users/{id}/housing-org), as a pure
/// function of the caller's and the person's current membership and the requested one. Whether the
/// org exists and what holds the person (a match, a case) is checked by the user grain.
/// </summary>
public static class MembershipRules
{
    /// <summary>The membership the person would have: the org, and lead only for a coordinator (unchanged when not given, dropped when leaving the org).</summary>
    public static (long? HousingOrgId, bool Lead) Next(MemberScope person, MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(change);
        var keepsOrg = change.HousingOrgId == person.HousingOrgId;
        return (change.HousingOrgId, change.Lead ?? (keepsOrg && person.Lead));
    }

    /// <summary>The invalid fields of the request, whoever asks (422).</summary>
    public static IReadOnlyList<FieldError> Invalid(MemberScope person, MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(change);
        if (person.Role == UserRoles.Admin)
        {
            return [new FieldError("housingOrgId", "An admin acts across every housing org and belongs to none")];
        }

        if (change.Lead == true && person.Role != UserRoles.Coordinator)
        {
            return [new FieldError("lead", "Only a coordinator can lead a housing org")];
        }

        return change.Lead == true && change.HousingOrgId is null
            ? [new FieldError("lead", "A lead belongs to a housing org")]
            : [];
    }

    /// <summary>
    /// The lead of X bringing an unaffiliated coordinator into X: the one change that names a person outside the caller's
    /// reach (a coordinator of X does not reach unaffiliated coordinators), so it is not answered 404 as an unknown id.
    /// Any other change about such a person still is, and so is reading them.
    /// </summary>
    public static bool LeadTakesCoordinatorIn(MemberScope caller, MemberScope person, MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(change);
        return caller is { Role: UserRoles.Coordinator, Lead: true, HousingOrgId: { } org }
            && person is { Role: UserRoles.Coordinator, HousingOrgId: null }
            && change.HousingOrgId == org;
    }

    /// <summary>
    /// Whether <paramref name="caller"/> may make this change (the caller reaches the person, or
    /// <see cref="LeadTakesCoordinatorIn"/>; else the answer is 404, not this).
    /// </summary>
    public static bool Allows(MemberScope caller, MemberScope person, MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(change);
        if (caller.Role == UserRoles.Admin)
        {
            return true;
        }

        if (caller.Role != UserRoles.Coordinator || caller.HousingOrgId is not { } org)
        {
            return false;
        }

        var next = Next(person, change);
        var leadUnchanged = next.Lead == person.Lead;
        var guestOrHost = person.Role is UserRoles.Guest or UserRoles.Host;

        // Any coordinator of X takes an unaffiliated guest or host from the pool into X.
        if (guestOrHost && person.HousingOrgId is null && next.HousingOrgId == org)
        {
            return true;
        }

        if (!caller.Lead)
        {
            return false;
        }

        // The lead of X: anyone of X out to the pool, an unaffiliated coordinator into X, lead of X's coordinators.
        var ofX = person.HousingOrgId == org;
        return (ofX && next.HousingOrgId is null)
            || LeadTakesCoordinatorIn(caller, person, change)
            || (person.Role == UserRoles.Coordinator && ofX && next.HousingOrgId == org)
            || (ofX && next.HousingOrgId == org && leadUnchanged);
    }
}
