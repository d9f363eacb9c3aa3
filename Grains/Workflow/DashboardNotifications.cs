namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// How the source grains tell the dashboard projection about a change, after their write
/// succeeded. A failed notification fails nothing: the write stands, and the projection's
/// reconciliation picks the change up from storage.
/// </summary>
public static class DashboardNotifications
{
    public static Task UserChanged(IGrainFactory grains, UserView? user, long userId, long version, ILogger logger) =>
        Send(() => Dashboard(grains).UserChanged(user, userId, version), "user", userId, version, logger);

    public static Task CaseChanged(IGrainFactory grains, GuestCase? guestCase, long guestId, long version, ILogger logger) =>
        Send(() => Dashboard(grains).CaseChanged(guestCase, guestId, version), "case", guestId, version, logger);

    public static Task IntakeChanged(IGrainFactory grains, long userId, string status, DateTimeOffset updatedAt, long version, ILogger logger) =>
        Send(() => Dashboard(grains).IntakeChanged(userId, status, updatedAt, version), "intake profile", userId, version, logger);

    public static Task JourneyChanged(IGrainFactory grains, Journeys.CoordinatorSteps steps, long userId, long version, ILogger logger) =>
        Send(() => Dashboard(grains).JourneyChanged(userId, steps.InterviewComplete, steps.TrainingComplete, version), "journey", userId, version, logger);

    public static Task MatchChanged(IGrainFactory grains, Match? match, long matchId, long version, ILogger logger) =>
        Send(() => Dashboard(grains).MatchChanged(match, matchId, version), "match", matchId, version, logger);

    private static ICoordinatorDashboardGrain Dashboard(IGrainFactory grains) => grains.GetGrain<ICoordinatorDashboardGrain>(0);

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
