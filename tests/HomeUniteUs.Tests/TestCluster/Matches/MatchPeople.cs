using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Journeys;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Tests.TestCluster.Workflow;
using HomeUniteUs.Tests.Unit.Intake;

namespace HomeUniteUs.Tests.TestCluster.Matches;

/// <summary>People on a grain cluster, taken as far through their journeys as a test needs.</summary>
public sealed class MatchPeople(GrainCluster cluster)
{
    private readonly WorkflowGrains workflow = new(cluster);

    public static Caller Admin { get; } = new(1, UserRoles.Admin);

    public IMatchmakingGrain Matchmaking => cluster.Grains.GetGrain<IMatchmakingGrain>(0);

    public IMatchGrain Match(long id) => cluster.Grains.GetGrain<IMatchGrain>(id);

    public IJourneyGrain Journey(long userId) => cluster.Grains.GetGrain<IJourneyGrain>(userId);

    public IMatchSlotGrain Slot(long userId) => cluster.Grains.GetGrain<IMatchSlotGrain>(userId);

    public async Task<Caller> Coordinator() => CallerOf(await workflow.User(UserRoles.Coordinator));

    /// <summary>A guest whose case <paramref name="coordinator"/> holds, approved, interviewed and trained.</summary>
    public async Task<Caller> ReadyGuest(Caller coordinator, Dictionary<string, string>? answers = null)
    {
        var guest = await workflow.User(UserRoles.Guest);
        await workflow.Case(guest.Id).Open(coordinator.UserId);
        await Approve(guest.Id, IntakeFormIds.Guest, answers ?? CompleteAnswers.Guest());
        await Train(guest.Id, coordinator);
        return CallerOf(guest);
    }

    /// <summary>A host, approved, interviewed and trained.</summary>
    public async Task<Caller> ReadyHost(Dictionary<string, string>? answers = null)
    {
        var host = await workflow.User(UserRoles.Host);
        await Approve(host.Id, IntakeFormIds.Host, answers ?? CompleteAnswers.Host());
        await Train(host.Id, Admin);
        return CallerOf(host);
    }

    public async Task Approve(long userId, int formId, Dictionary<string, string> answers)
    {
        var profile = cluster.Grains.GetGrain<IIntakeProfileGrain>(userId);
        await profile.Save(formId, [.. answers.Select(a => new IntakeResponse(a.Key, a.Value))]);
        await profile.Submit(formId, userId);
        await profile.Review(IntakeStatus.Approved, null, actorId: 1);
    }

    public async Task Train(long userId, Caller coordinator)
    {
        await Journey(userId).SetStep(coordinator, JourneySteps.CoordinatorInterview, new StepChange(null, true));
        await Journey(userId).SetStep(coordinator, JourneySteps.TrainingSession, new StepChange(null, true));
    }

    public static Caller CallerOf(UserView user) => new(user.Id, user.Role);
}
