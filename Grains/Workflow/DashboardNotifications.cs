namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// How the source grains tell the dashboard about a change, after their write succeeded: the view of the person's
/// org (<see cref="DashboardViews"/>) is told, and only it (a membership move: the view left and the view joined).
/// A failed notification fails nothing: the write stands, and the view's reconciliation picks the change up from storage.
/// </summary>
public static class DashboardNotifications
{
    /// <summary>A user changed in the org <paramref name="housingOrgId"/> (their org after the change, or before a deletion).</summary>
    public static Task UserChanged(IGrainFactory grains, UserView? user, long userId, long? housingOrgId, long version, ILogger logger) =>
        Send(() => View(grains, DashboardViews.KeyOf(housingOrgId)).UserChanged(user, userId, version), "user", userId, version, logger);

    /// <summary>
    /// A user moved from the org <paramref name="from"/> to theirs: the view left learns they are gone, then the view
    /// joined learns they came (and reads their case, intake, journey and matches), before the move is acknowledged.
    /// </summary>
    public static async Task UserMoved(IGrainFactory grains, UserView user, long? from, long version, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(user);
        await UserChanged(grains, user, user.Id, from, version, logger);
        await Send(() => View(grains, DashboardViews.KeyOf(user.HousingOrgId)).Arrived(user, version), "user", user.Id, version, logger);
    }

    public static Task CaseChanged(IGrainFactory grains, GuestCase? guestCase, long guestId, long version, ILogger logger) =>
        Send(async () => await View(grains, await ViewOfPerson(grains, guestId)).CaseChanged(guestCase, guestId, version), "case", guestId, version, logger);

    public static Task IntakeChanged(IGrainFactory grains, long userId, string status, DateTimeOffset updatedAt, long version, ILogger logger) =>
        Send(async () => await View(grains, await ViewOfPerson(grains, userId)).IntakeChanged(userId, status, updatedAt, version),
            "intake profile", userId, version, logger);

    public static Task JourneyChanged(IGrainFactory grains, Journeys.CoordinatorSteps steps, long userId, long version, ILogger logger) =>
        Send(async () => await View(grains, await ViewOfPerson(grains, userId)).JourneyChanged(userId, steps.InterviewComplete, steps.TrainingComplete, version),
            "journey", userId, version, logger);

    /// <summary>A match belongs to its guest's view (their host's if the guest is gone), live or not.</summary>
    public static Task MatchChanged(IGrainFactory grains, Match? match, long matchId, long guestId, long hostId, long version, ILogger logger) =>
        Send(async () => await View(grains, await ViewOfMatch(grains, guestId, hostId)).MatchChanged(match, matchId, version), "match", matchId, version, logger);

    /// <summary>The view of the person's current org, pending or active (the pool's when they are unknown: nothing of theirs is shown then).</summary>
    public static async Task<long> ViewOfPerson(IGrainFactory grains, long personId) =>
        DashboardViews.KeyOf(await grains.GetGrain<IUserGrain>(personId).HousingOrg());

    public static async Task<long> ViewOfMatch(IGrainFactory grains, long guestId, long hostId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var person = await grains.GetGrain<IUserGrain>(guestId).Get() ?? await grains.GetGrain<IUserGrain>(hostId).Get();
        return DashboardViews.KeyOf(person?.HousingOrgId);
    }

    private static IDashboardViewGrain View(IGrainFactory grains, long key) => grains.GetGrain<IDashboardViewGrain>(key);

    private static async Task Send(Func<Task> notify, string entity, long id, long version, ILogger logger)
    {
        try
        {
            await notify();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The dashboard missed the change of {Entity} {Id} (version {Version}); reconciliation will repair it", entity, id, version);
        }
    }
}
