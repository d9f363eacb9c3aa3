namespace HomeUniteUs.Grains.Access;

/// <summary>
/// Who may invite whom into which org (API.md, POST /api/auth/invite), from the inviter's current
/// membership. An admin invites a guest, host or coordinator into any org or none; a coordinator of X
/// invites guests and hosts into X, and only the lead of X invites coordinators (into X); an unaffiliated
/// coordinator invites unaffiliated guests and hosts. A coordinator who names no org invites into their own; one who
/// names <c>null</c> names no org, which is their own only when they have none.
/// </summary>
public static class InviteRules
{
    /// <summary>
    /// The org the invited person joins; 403 when the inviter may not invite this role into that org.
    /// <paramref name="namesOrg"/>: the request named <paramref name="housingOrgId"/>, null included.
    /// </summary>
    public static long? OrgOf(MemberScope inviter, string role, long? housingOrgId, bool namesOrg = false)
    {
        ArgumentNullException.ThrowIfNull(inviter);
        if (inviter.Role == UserRoles.Admin)
        {
            return housingOrgId;
        }

        if (inviter.Role != UserRoles.Coordinator)
        {
            throw HuuException.Forbidden("Only coordinators and admins invite");
        }

        if ((namesOrg || housingOrgId is not null) && housingOrgId != inviter.HousingOrgId)
        {
            throw HuuException.Forbidden("A coordinator invites into their own housing org only");
        }

        if (role == UserRoles.Coordinator && !(inviter.Lead && inviter.HousingOrgId is not null))
        {
            throw HuuException.Forbidden("Only the lead of a housing org invites coordinators");
        }

        return inviter.HousingOrgId;
    }
}
