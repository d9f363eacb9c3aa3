using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;

using static HomeUniteUs.Tests.Unit.Tenancy.Scopes;

namespace HomeUniteUs.Tests.Unit.Tenancy;

/// <summary>Who may invite whom into which org (API.md, POST /api/auth/invite), and an org named as null.</summary>
public sealed class InviteRulesTests
{
    [Fact]
    public void A_coordinator_who_names_no_org_invites_into_their_own_and_one_who_names_null_into_none_only_without_one()
    {
        Assert.Equal(10, InviteRules.OrgOf(CoordinatorOfX, UserRoles.Host, null));
        Assert.Equal(10, InviteRules.OrgOf(CoordinatorOfX, UserRoles.Host, 10, namesOrg: true));
        Assert.Null(InviteRules.OrgOf(PoolCoordinator, UserRoles.Host, null, namesOrg: true));
        Assert.Null(InviteRules.OrgOf(Admin, UserRoles.Coordinator, null, namesOrg: true));
        Assert.Equal(20, InviteRules.OrgOf(Admin, UserRoles.Coordinator, 20, namesOrg: true));
        foreach (var inviter in new[] { CoordinatorOfX, LeadOfX })
        {
            Assert.Equal(403, Assert.Throws<HuuException>(() => InviteRules.OrgOf(inviter, UserRoles.Host, null, namesOrg: true)).Status);
            Assert.Equal(403, Assert.Throws<HuuException>(() => InviteRules.OrgOf(inviter, UserRoles.Guest, 20, namesOrg: true)).Status);
        }
    }

    [Fact]
    public void Only_the_lead_of_an_org_invites_coordinators()
    {
        Assert.Equal(10, InviteRules.OrgOf(LeadOfX, UserRoles.Coordinator, null));
        Assert.Equal(403, Assert.Throws<HuuException>(() => InviteRules.OrgOf(CoordinatorOfX, UserRoles.Coordinator, null)).Status);
        Assert.Equal(403, Assert.Throws<HuuException>(() => InviteRules.OrgOf(PoolCoordinator, UserRoles.Coordinator, null)).Status);
    }
}
