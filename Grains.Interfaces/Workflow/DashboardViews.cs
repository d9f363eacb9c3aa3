namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>
/// The dashboard is kept as one view per housing org plus one for the pool (the unaffiliated people), each a
/// <see cref="IDashboardViewGrain"/> keyed by <see cref="KeyOf"/>: a change touches the view of the person's org
/// only. What a caller is shown (a <see cref="ReachView"/>) is read from the views it covers (<see cref="PartsOf"/>).
/// </summary>
public static class DashboardViews
{
    /// <summary>The key of the pool's view (org ids are positive).</summary>
    public const long Pool = 0;

    public static long KeyOf(long? housingOrgId) => housingOrgId ?? Pool;

    public static long? OrgOf(long key) => key == Pool ? null : key;

    /// <summary>
    /// The views whose people <paramref name="view"/> may show, or null for every view (an admin's whole dashboard):
    /// one org or the pool when filtered; a coordinator of org X: X and the pool (whose guests and hosts they reach);
    /// an unaffiliated caller: the pool.
    /// </summary>
    public static IReadOnlyList<long>? PartsOf(ReachView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.ByOrg)
        {
            return [KeyOf(view.HousingOrgId)];
        }

        if (view.Reacher is null)
        {
            return null;
        }

        return view.Reacher is { Role: UserRoles.Coordinator, HousingOrgId: { } org } ? [org, Pool] : [Pool];
    }

    /// <summary>Whether a change of the view <paramref name="key"/> may change what <paramref name="view"/> shows.</summary>
    public static bool Covers(ReachView view, long key) => PartsOf(view) is not { } parts || parts.Contains(key);
}
