namespace HomeUniteUs.Grains.Matches;

/// <summary>Reads of a person's active match through their slot, and the hold a membership move takes on it.</summary>
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

    /// <summary>
    /// Holds the person's slot for a membership move: null when it is held, else the live match that holds
    /// it. A holder that is no longer live (ended, undone, a proposal a crash interrupted) is pushed out
    /// first; a proposal still reserving is waited for, since its match grain answers one call at a time.
    /// </summary>
    public static async Task<Match?> HoldForMove(IGrainFactory grains, long userId, MembershipHold hold)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var slot = grains.GetGrain<IMatchSlotGrain>(userId);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await slot.Hold(hold) is not { } holder)
            {
                return null;
            }

            var match = grains.GetGrain<IMatchGrain>(holder);
            if (await match.Holds(userId))
            {
                return await match.Peek() ?? throw new InvalidOperationException($"Match {holder} holds user {userId} but has no state");
            }

            await slot.Release(holder);
        }

        throw HuuException.Conflict($"The match slot of user {userId} keeps changing: try again");
    }
}
