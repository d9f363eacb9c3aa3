using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Journeys;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Tests.TestCluster.Workflow;
using HomeUniteUs.Tests.Unit.Intake;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.Matches;

/// <summary>Journeys derived from their sources; candidates and their conflicts; the case and dashboard effects of a match.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class JourneyGrainTests(GrainCluster cluster)
{
    private readonly MatchPeople people = new(cluster);
    private readonly WorkflowGrains workflow = new(cluster);

    [Fact]
    public async Task A_new_guest_is_at_application_and_every_later_step_is_locked()
    {
        var coordinator = await people.Coordinator();
        var guest = await workflow.User(UserRoles.Guest);
        await workflow.Case(guest.Id).Open(coordinator.UserId);

        var journey = await people.Journey(guest.Id).Get(MatchPeople.CallerOf(guest));

        Assert.Equal(coordinator.UserId, journey.Coordinator!.Id);
        Assert.Equal(["inProgress", "locked", "locked"], journey.Tasks.Select(t => t.Status));
        var steps = journey.Tasks.SelectMany(t => t.SubTasks).ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], steps.Select(s => s.Id));
        Assert.Equal(JourneySteps.KeysOf(UserRoles.Guest), steps.Select(s => s.Key));
        Assert.Equal(["inProgress", "locked", "locked", "locked", "locked", "locked"], steps.Select(s => s.Status));
        Assert.Null(journey.Match);

        var locked = await Assert.ThrowsAsync<HuuException>(() =>
            people.Journey(guest.Id).SetStep(coordinator, JourneySteps.CoordinatorInterview, new StepChange(null, true)));
        Assert.Equal((409, "Step coordinator_interview is locked"), (locked.Status, locked.Message));
    }

    [Fact]
    public async Task Only_the_person_their_coordinators_and_admins_see_a_journey_and_only_coordinators_set_steps()
    {
        var coordinator = await people.Coordinator();
        var other = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();

        Assert.Equal(403, (await Assert.ThrowsAsync<HuuException>(() => people.Journey(guest.UserId).Get(other))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<HuuException>(() => people.Journey(guest.UserId).Get(host))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<HuuException>(() =>
            people.Journey(guest.UserId).SetStep(guest, JourneySteps.TrainingSession, new StepChange(null, true)))).Status);
        Assert.Equal(UserRoles.Host, (await people.Journey(host.UserId).Get(other)).Role);
        Assert.Equal(404, (await Assert.ThrowsAsync<HuuException>(() => people.Journey(coordinator.UserId).Get(MatchPeople.Admin))).Status);
        Assert.Equal(422, (await Assert.ThrowsAsync<HuuException>(() =>
            people.Journey(guest.UserId).SetStep(coordinator, JourneySteps.Application, new StepChange(null, true)))).Status);
    }

    [Fact]
    public async Task Candidates_are_free_trained_hosts_fewest_conflicts_first_with_only_the_conflicting_answers()
    {
        var coordinator = await people.Coordinator();
        var answers = CompleteAnswers.Guest();
        answers["has_pets"] = "\"yes\"";
        answers["pets"] = """[{"type":"cat"}]""";
        answers["smokes"] = "\"yes\"";
        var guest = await people.ReadyGuest(coordinator, answers);
        var open = new Dictionary<string, string>(CompleteAnswers.Host()) { ["smoking_allowed_inside"] = "\"yes\"" };
        var strict = new Dictionary<string, string>(open) { ["pets_welcome"] = "\"no\"" };
        var stricter = new Dictionary<string, string>(strict) { ["smoking_allowed_inside"] = "\"no\"", ["household_smokes"] = "\"no\"" };
        var hosts = new[] { await people.ReadyHost(stricter), await people.ReadyHost(strict), await people.ReadyHost(open) };
        var untrained = await workflow.User(UserRoles.Host);
        var busy = await people.ReadyHost();
        await people.Matchmaking.Propose(coordinator, (await people.ReadyGuest(coordinator)).UserId, busy.UserId);

        var candidates = (await people.Matchmaking.Candidates(coordinator, guest.UserId)).Where(c => hosts.Any(h => h.UserId == c.Host.Id) || c.Host.Id == untrained.Id || c.Host.Id == busy.UserId).ToList();

        Assert.Equal([hosts[2].UserId, hosts[1].UserId, hosts[0].UserId], candidates.Select(c => c.Host.Id));
        Assert.Equal([0, 1, 2], candidates.Select(c => c.Conflicts.Count));
        Assert.Equal(new MatchConflict("pets", "has_pets", "\"yes\"", "pets_welcome", "\"no\""), candidates[1].Conflicts.Single());
        Assert.Equal(["pets", "smoking"], candidates[2].Conflicts.Select(c => c.Rule));
    }

    [Fact]
    public async Task A_finalized_match_makes_the_case_Matched_and_the_journey_complete_and_ending_it_goes_back()
    {
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var match = people.Match((await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId)).Id);
        Assert.Equal(JourneySteps.MatchWithHost, await Step(guest.UserId));

        await match.Respond(guest, true);
        await match.Respond(host, true);
        Assert.Equal(JourneySteps.MeetingWithHost, await Step(guest.UserId));
        await match.Meeting(coordinator, new MeetingChange(DateTimeOffset.UtcNow, true));
        await match.Sign(host);
        await match.Sign(guest);

        Assert.Equal(GuestCaseStatus.Matched, (await workflow.Case(guest.UserId).Get())!.Status);
        Assert.Equal(JourneySteps.Complete, await Step(guest.UserId));
        var journey = await people.Journey(host.UserId).Get(host);
        Assert.All(journey.Tasks, t => Assert.Equal("complete", t.Status));
        Assert.Equal(MatchStatus.Finalized, journey.Match!.Status);

        await match.End(coordinator, "the guest found a flat");
        Assert.Equal(GuestCaseStatus.InProgress, (await workflow.Case(guest.UserId).Get())!.Status);
        Assert.Equal(JourneySteps.MatchWithHost, await Step(guest.UserId));
        Assert.Null((await people.Journey(guest.UserId).Get(guest)).Match);
    }

    [Fact]
    public async Task The_dashboard_rebuilt_from_storage_shows_the_same_journey_steps_as_the_notifications()
    {
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var match = people.Match((await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId)).Id);
        await match.Respond(guest, true);
        await match.Respond(host, true);
        var notified = await Step(guest.UserId);

        await workflow.Dashboard.Reconcile();

        Assert.Equal(JourneySteps.MeetingWithHost, notified);
        Assert.Equal(notified, await Step(guest.UserId));
    }

    [Fact]
    public async Task Steps_set_at_once_are_written_together_each_answered_with_its_own_change_and_kept_as_its_own_event()
    {
        var coordinator = await people.Coordinator();
        var guest = await workflow.User(UserRoles.Guest);
        await workflow.Case(guest.Id).Open(coordinator.UserId);
        await people.Approve(guest.Id, IntakeFormIds.Guest, CompleteAnswers.Guest());
        var journey = people.Journey(guest.Id);
        var times = Enumerable.Range(1, 32).Select(i => new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i)).ToArray();

        var answers = await Task.WhenAll(times.Select(at => journey.SetStep(coordinator, JourneySteps.CoordinatorInterview, new StepChange(at, false))));

        Assert.Equal(times, answers.Select(answer => Interview(answer).ScheduledAt!.Value));
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        var events = new List<DateTimeOffset>();
        await using (var command = new NpgsqlCommand(
            "SELECT details->>'scheduledAt' FROM huu_activity WHERE user_id = @id AND type = 'step_scheduled' ORDER BY id", connection))
        {
            command.Parameters.AddWithValue("id", guest.Id);
            await using var rows = await command.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                events.Add(DateTimeOffset.Parse(rows.GetString(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(times.Order(), events.Order()); // one event per call, none lost to the grouping
        Assert.Equal(events[^1], Interview(await journey.Get(coordinator)).ScheduledAt); // the last change made is the one kept
        await using var version = new NpgsqlCommand("SELECT version FROM huu_journey_steps WHERE user_id = @id", connection);
        version.Parameters.AddWithValue("id", guest.Id);
        var written = (long)(await version.ExecuteScalarAsync())!;
        Assert.InRange(written, 1, times.Length - 1); // fewer writes than calls: calls that arrived during a write shared the next
    }

    private static JourneyStep Interview(Journey journey) =>
        journey.Tasks.SelectMany(t => t.SubTasks).Single(s => s.Key == JourneySteps.CoordinatorInterview);

    private async Task<string?> Step(long guestId) => (await workflow.Items())[guestId].JourneyStep;
}
