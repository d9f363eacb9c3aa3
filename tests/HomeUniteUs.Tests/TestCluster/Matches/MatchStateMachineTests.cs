using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Interfaces.Workflow;

namespace HomeUniteUs.Tests.TestCluster.Matches;

/// <summary>Every status × every action × every caller role, against API.md's state machine.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class MatchStateMachineTests(GrainCluster cluster)
{
    private readonly MatchPeople people = new(cluster);

    public enum Role
    {
        Guest,
        Host,
        CaseCoordinator,
        OtherCoordinator,
        Admin,
        OtherGuest,
    }

    public static readonly string[] Actions = ["get", "accept", "decline", "schedule", "held", "sign", "end"];

    public static TheoryData<string, string> StatesAndActions()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in MatchStatus.All)
        {
            foreach (var action in Actions)
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StatesAndActions))]
    public async Task Each_caller_gets_what_the_state_machine_says(string state, string action)
    {
        // Refused callers first (they change nothing), then each allowed caller on a fresh match.
        var allowed = Enum.GetValues<Role>().Where(r => Allowed(action, r)).ToList();
        var refused = Enum.GetValues<Role>().Except(allowed).ToList();
        var first = true;
        foreach (var caller in allowed.Count == 0 ? [Role.Admin] : allowed)
        {
            var scene = await Setup(state);
            if (first)
            {
                foreach (var role in refused)
                {
                    var error = await Assert.ThrowsAsync<HuuException>(() => Do(scene, action, scene.Callers[role]));
                    Assert.Equal(403, error.Status);
                }

                Assert.Equal(state, (await scene.Match.Peek())!.Status);
                first = false;
            }

            if (!allowed.Contains(caller))
            {
                continue;
            }

            var expected = Expected(state, action, caller);
            if (expected is null)
            {
                var conflict = await Assert.ThrowsAsync<HuuException>(() => Do(scene, action, scene.Callers[caller]));
                Assert.Equal((409, ErrorCodes.Conflict), (conflict.Status, conflict.Code));
                Assert.Contains(state, conflict.Message, StringComparison.Ordinal);
                Assert.Equal(state, (await scene.Match.Peek())!.Status);
            }
            else
            {
                var after = await Do(scene, action, scene.Callers[caller]);
                Assert.Equal(expected, after.Status);
                Assert.Equal(expected, (await scene.Match.Peek())!.Status);
                Assert.Equal(MatchStatus.IsActive(expected) ? scene.Id : null, await people.Slot(scene.Guest.UserId).Holder());
                Assert.Equal(MatchStatus.IsActive(expected) ? scene.Id : null, await people.Slot(scene.Host.UserId).Holder());
            }
        }
    }

    [Fact]
    public async Task The_same_answer_or_signature_again_while_the_other_side_has_not_given_theirs_changes_nothing()
    {
        var proposed = await Setup(MatchStatus.Proposed);
        var accepted = await proposed.Match.Respond(proposed.Guest, true);
        await Task.Delay(20);
        Assert.Equal(accepted, await proposed.Match.Respond(proposed.Guest, true));
        Assert.Equal(accepted, await proposed.Match.Get(proposed.Guest));

        var held = await Setup(MatchStatus.MeetingHeld);
        var signed = await held.Match.Sign(held.Host);
        Assert.NotNull(signed.HostSignedAt);
        await Task.Delay(20);
        Assert.Equal(signed, await held.Match.Sign(held.Host));
        Assert.Equal((MatchStatus.MeetingHeld, signed.UpdatedAt), ((await held.Match.Peek())!.Status, (await held.Match.Get(held.Host)).UpdatedAt));
    }

    private static bool Allowed(string action, Role role) => action switch
    {
        "get" => role is Role.Guest or Role.Host or Role.CaseCoordinator or Role.Admin,
        "accept" or "decline" or "sign" => role is Role.Guest or Role.Host,
        _ => role is Role.CaseCoordinator or Role.Admin,
    };

    /// <summary>The status after an allowed caller's action, or null for a 409. Scenes are built with both sides accepting and the guest declining.</summary>
    private static string? Expected(string state, string action, Role caller) => (action, state) switch
    {
        ("get", _) => state,
        ("accept", MatchStatus.Proposed) => MatchStatus.Proposed,
        ("accept", MatchStatus.Accepted) => MatchStatus.Accepted,
        ("decline", MatchStatus.Proposed) => MatchStatus.Declined,
        ("decline", MatchStatus.Declined) when caller == Role.Guest => MatchStatus.Declined,
        ("schedule", MatchStatus.Accepted) => MatchStatus.Accepted,
        ("held", MatchStatus.Accepted) => MatchStatus.MeetingHeld,
        ("sign", MatchStatus.MeetingHeld) => MatchStatus.MeetingHeld,
        ("sign", MatchStatus.Finalized) => MatchStatus.Finalized,
        ("end", MatchStatus.Proposed or MatchStatus.Accepted or MatchStatus.MeetingHeld or MatchStatus.Finalized) => MatchStatus.Ended,
        _ => null,
    };

    private static Task<Match> Do(Scene scene, string action, Caller caller) => action switch
    {
        "get" => scene.Match.Get(caller),
        "accept" => scene.Match.Respond(caller, true),
        "decline" => scene.Match.Respond(caller, false),
        "schedule" => scene.Match.Meeting(caller, new MeetingChange(DateTimeOffset.UtcNow.AddDays(3), false)),
        "held" => scene.Match.Meeting(caller, new MeetingChange(null, true)),
        "sign" => scene.Match.Sign(caller),
        "end" => scene.Match.End(caller, "state machine table"),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>A fresh guest, host and match brought to <paramref name="state"/>, and a caller of each role.</summary>
    private async Task<Scene> Setup(string state)
    {
        var coordinator = await people.Coordinator();
        var guest = await people.ReadyGuest(coordinator);
        var host = await people.ReadyHost();
        var created = await people.Matchmaking.Propose(coordinator, guest.UserId, host.UserId);
        var match = people.Match(created.Id);
        if (state == MatchStatus.Declined)
        {
            await match.Respond(guest, false);
        }
        else if (state != MatchStatus.Proposed)
        {
            await match.Respond(guest, true);
            await match.Respond(host, true);
            if (state is MatchStatus.MeetingHeld or MatchStatus.Finalized)
            {
                await match.Meeting(coordinator, new MeetingChange(DateTimeOffset.UtcNow, true));
            }

            if (state == MatchStatus.Finalized)
            {
                await match.Sign(guest);
                await match.Sign(host);
            }

            if (state == MatchStatus.Ended)
            {
                await match.End(MatchPeople.Admin, "to test ENDED");
            }
        }

        Assert.Equal(state, (await match.Peek())!.Status);
        var callers = new Dictionary<Role, Caller>
        {
            [Role.Guest] = guest,
            [Role.Host] = host,
            [Role.CaseCoordinator] = coordinator,
            [Role.OtherCoordinator] = await people.Coordinator(),
            [Role.Admin] = MatchPeople.Admin,
            [Role.OtherGuest] = new Caller(guest.UserId + 1, UserRoles.Guest),
        };
        return new Scene(created.Id, match, guest, host, callers);
    }

    private sealed record Scene(long Id, IMatchGrain Match, Caller Guest, Caller Host, Dictionary<Role, Caller> Callers);
}
