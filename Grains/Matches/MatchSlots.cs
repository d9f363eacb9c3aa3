namespace HomeUniteUs.Grains.Matches;

/// <summary>Reads of a person's active match through their slot.</summary>
public static class MatchSlots
{
    /// <summary>The person's active match, or null (a free slot, or one whose holder is not live).</summary>
    public static async Task<Match?> ActiveMatch(IGrainFactory grains, long userId)
    {
        if (await grains.GetGrain<IMatchSlotGrain>(userId).Holder() is not { } matchId)
        {
            return null;
        }

        var match = await grains.GetGrain<IMatchGrain>(matchId).Peek();
        return match is { IsActive: true } && (match.GuestId == userId || match.HostId == userId) ? match : null;
    }
}
