using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>
/// The access rules on their own (no stack): the table the gateway matrix checks end to end. They sit
/// with the intake integration tests because the rules and the matrix are read together.
/// </summary>
public sealed class IntakeAccessRulesTests
{
    private const long GuestId = 10;
    private const long HostId = 20;
    private const long CaseCoordinatorId = 30;

    private static readonly IntakeProfileOwner GuestWithCase = new(GuestId, UserRoles.Guest, CaseCoordinatorId);
    private static readonly IntakeProfileOwner GuestWithoutCase = new(GuestId, UserRoles.Guest, null);
    private static readonly IntakeProfileOwner Host = new(HostId, UserRoles.Host, null);

    public static TheoryData<string, string, bool, bool, bool> Table() => new()
    {
        // owner profile, caller: read, write, review
        { "guest", "owner", true, true, false },
        { "guest", "case coordinator", true, false, true },
        { "guest", "other coordinator", false, false, false },
        { "guest", "other guest", false, false, false },
        { "guest", "host", false, false, false },
        { "guest", "admin", true, false, true },
        { "guest without case", "case coordinator", false, false, false },
        { "guest without case", "admin", true, false, true },
        { "host", "owner", true, true, false },
        { "host", "case coordinator", true, false, true },
        { "host", "other coordinator", true, false, true },
        { "host", "other guest", false, false, false },
        { "host", "other host", false, false, false },
        { "host", "admin", true, false, true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_caller_may_do_what_the_privacy_rules_say(string profile, string caller, bool read, bool write, bool review)
    {
        var owner = profile switch
        {
            "guest" => GuestWithCase,
            "guest without case" => GuestWithoutCase,
            _ => Host,
        };
        var who = caller switch
        {
            "owner" => new Caller(owner.UserId, owner.Role),
            "case coordinator" => new Caller(CaseCoordinatorId, UserRoles.Coordinator),
            "other coordinator" => new Caller(31, UserRoles.Coordinator),
            "other guest" => new Caller(11, UserRoles.Guest),
            "host" or "other host" => new Caller(21, UserRoles.Host),
            "admin" => new Caller(1, UserRoles.Admin),
            _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
        };

        Assert.Equal(read, IntakeAccess.Allows(who, owner, IntakeAction.Read));
        Assert.Equal(write, IntakeAccess.Allows(who, owner, IntakeAction.Write));
        Assert.Equal(review, IntakeAccess.Allows(who, owner, IntakeAction.Review));
    }

    [Fact]
    public void Guests_and_hosts_are_refused_before_anything_about_another_user_is_looked_up()
    {
        Assert.False(IntakeAccess.MayAsk(new Caller(11, UserRoles.Guest), GuestId));
        Assert.False(IntakeAccess.MayAsk(new Caller(21, UserRoles.Host), GuestId));
        Assert.True(IntakeAccess.MayAsk(new Caller(GuestId, UserRoles.Guest), GuestId));
        Assert.True(IntakeAccess.MayAsk(new Caller(31, UserRoles.Coordinator), GuestId));
        Assert.True(IntakeAccess.MayAsk(new Caller(1, UserRoles.Admin), GuestId));
    }

    [Fact]
    public void Only_a_coordinator_looking_at_someone_elses_guest_needs_the_case()
    {
        Assert.True(IntakeAccess.NeedsCaseCoordinator(new Caller(31, UserRoles.Coordinator), GuestId, UserRoles.Guest));
        Assert.False(IntakeAccess.NeedsCaseCoordinator(new Caller(31, UserRoles.Coordinator), HostId, UserRoles.Host));
        Assert.False(IntakeAccess.NeedsCaseCoordinator(new Caller(1, UserRoles.Admin), GuestId, UserRoles.Guest));
        Assert.False(IntakeAccess.NeedsCaseCoordinator(new Caller(GuestId, UserRoles.Guest), GuestId, UserRoles.Guest));
    }
}
