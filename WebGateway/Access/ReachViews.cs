using HomeUniteUs.Grains.Interfaces.HousingOrgs;

namespace HomeUniteUs.WebGateway.Access;

/// <summary>The view of a list route (GET /api/hosts, the dashboard) for its caller and its <c>?housingOrgId=N|none</c>.</summary>
public static class ReachViews
{
    public const string Pool = "none";

    /// <summary>
    /// The caller's view, from their current membership (their user grain's, through this gateway's coherent copy
    /// of it, never the token). An org filter naming no org is 404 (like an unknown org), one that is neither
    /// digits nor "none" is 422.
    /// </summary>
    public static async Task<ReachView> Of(Caller caller, string? housingOrgId, IGrainFactory grains, CurrentUserReadCache users)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(users);
        var (byOrg, org) = await Filter(housingOrgId, grains);
        if (caller.IsAdmin && !byOrg)
        {
            return ReachView.Everyone;
        }

        var scope = await users.ReachOf(caller, grains) ?? new MemberScope(caller.UserId, string.Empty, null, false);
        return ReachView.Of(scope, byOrg, org);
    }

    private static async Task<(bool ByOrg, long? Org)> Filter(string? housingOrgId, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(housingOrgId))
        {
            return (false, null);
        }

        if (housingOrgId == Pool)
        {
            return (true, null);
        }

        if (!long.TryParse(housingOrgId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id is < 1 or > int.MaxValue)
        {
            throw HuuException.Validation(new FieldError("housingOrgId", "Input should be a housing org id or \"none\""));
        }

        return await grains.GetGrain<IHousingOrgRegistryGrain>(0).Get(id) is null
            ? throw HuuException.NotFound($"Housing org with id {id} does not exist.")
            : (true, id);
    }
}
