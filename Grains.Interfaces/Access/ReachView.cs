namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>
/// Which people a list shows (GET /api/hosts, the dashboard): those <see cref="Reacher"/> reaches (null:
/// everyone, an admin's view), narrowed to one org or the pool when <see cref="ByOrg"/> (<see cref="HousingOrgId"/>
/// null = unaffiliated). Every coordinator of one org sees the same view, so a view is a cache key.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReachView(MemberScope? Reacher, bool ByOrg, long? HousingOrgId)
{
    /// <summary>Everyone: an admin's list without a filter.</summary>
    public static ReachView Everyone { get; } = new(null, false, null);

    /// <summary>The view of <paramref name="caller"/> (current membership), optionally narrowed to one org or the pool.</summary>
    public static ReachView Of(MemberScope caller, bool byOrg, long? housingOrgId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var reacher = caller.Role == UserRoles.Admin ? null : caller with { UserId = 0, Lead = false };
        return new ReachView(reacher, byOrg, byOrg ? housingOrgId : null);
    }

    public bool Shows(MemberScope person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return (Reacher is null || Reach.Includes(Reacher, person)) && (!ByOrg || person.HousingOrgId == HousingOrgId);
    }
}
