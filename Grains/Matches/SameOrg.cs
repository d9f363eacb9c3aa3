namespace HomeUniteUs.Grains.Matches;

/// <summary>Invariant 9's rule for a proposal: the guest and the host belong to the same housing org, or both to none.</summary>
public static class SameOrg
{
    public const string Refusal = "The guest and the host belong to different housing orgs";

    /// <summary>409 when the two people's current memberships differ (read from their user grains' memory).</summary>
    public static async Task Ensure(IGrainFactory grains, long guestId, long hostId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var guest = await grains.GetGrain<IUserGrain>(guestId).Get();
        var host = await grains.GetGrain<IUserGrain>(hostId).Get();
        if (guest?.HousingOrgId != host?.HousingOrgId)
        {
            throw HuuException.Conflict(Refusal);
        }
    }
}
