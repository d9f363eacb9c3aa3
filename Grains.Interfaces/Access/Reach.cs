namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>Who a person is as far as reach goes: their id, role and housing org (null = unaffiliated), and whether they lead it.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberScope(long UserId, string Role, long? HousingOrgId, bool Lead);

/// <summary>
/// The one rule of API.md's "Reach": whom a caller may see and act on. An admin reaches everyone;
/// a coordinator of org X the guests, hosts and coordinators of X and every unaffiliated guest and
/// host (the pool); an unaffiliated coordinator the unaffiliated guests, hosts and coordinators;
/// everyone reaches themselves. Callers pass the caller's current membership (read from their user
/// grain), never a token claim, so a membership change is followed by the next read after its 2xx.
/// </summary>
public static class Reach
{
    public static bool Includes(MemberScope caller, MemberScope person)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(person);
        if (caller.UserId == person.UserId || caller.Role == UserRoles.Admin)
        {
            return true;
        }

        if (caller.Role != UserRoles.Coordinator || person.Role == UserRoles.Admin)
        {
            return false;
        }

        return person.HousingOrgId == caller.HousingOrgId
            || (caller.HousingOrgId is not null && person.HousingOrgId is null && person.Role != UserRoles.Coordinator);
    }

    /// <summary>Whether <paramref name="caller"/> leads the org <paramref name="person"/> belongs to (not themselves).</summary>
    public static bool LeadsOrgOf(MemberScope caller, MemberScope person)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(person);
        return caller.Role == UserRoles.Coordinator && caller.Lead && caller.HousingOrgId is not null
            && caller.HousingOrgId == person.HousingOrgId && caller.UserId != person.UserId;
    }
}
