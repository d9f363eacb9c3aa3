namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>Who reads the activity list: one rule for the page, the stream's resume and the live feed.</summary>
public static class ActivityReaders
{
    /// <summary>
    /// The reach of <paramref name="caller"/> now, by their own user grain (never a token claim): an admin reaches
    /// everyone; null when no user is stored for the caller (the page and a stream's opening answer 403).
    /// </summary>
    public static async Task<MemberScope?> ScopeOf(IGrainFactory grains, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin
            ? new MemberScope(caller.UserId, UserRoles.Admin, null, false)
            : (await grains.GetGrain<IUserGrain>(caller.UserId).Get())?.Scope;
    }
}
