using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Interfaces.Access;

using static HomeUniteUs.Tests.Unit.Tenancy.Scopes;

namespace HomeUniteUs.Tests.Unit.Tenancy;

/// <summary>Who may change whose membership (API.md, PUT /api/users/{id}/housing-org), rule by rule.</summary>
public sealed class MembershipRulesTests
{
    [Fact]
    public void An_admin_moves_anyone_anywhere() =>
        Assert.True(MembershipRules.Allows(Admin, GuestOfX, new MembershipChange(20, null)));

    [Fact]
    public void A_coordinator_of_X_takes_a_guest_or_host_from_the_pool_into_X_and_nothing_else()
    {
        Assert.True(MembershipRules.Allows(CoordinatorOfX, PoolGuest, new MembershipChange(10, null)));
        Assert.True(MembershipRules.Allows(CoordinatorOfX, PoolHost, new MembershipChange(10, null)));
        Assert.False(MembershipRules.Allows(CoordinatorOfX, PoolGuest, new MembershipChange(20, null)));
        Assert.False(MembershipRules.Allows(CoordinatorOfX, GuestOfX, new MembershipChange(null, null)));
        Assert.False(MembershipRules.Allows(CoordinatorOfX, PoolCoordinator, new MembershipChange(10, null)));
        Assert.False(MembershipRules.Allows(CoordinatorOfX, OtherCoordinatorOfX, new MembershipChange(10, true)));
    }

    [Fact]
    public void The_lead_of_X_also_moves_people_of_X_out_takes_coordinators_in_and_sets_lead()
    {
        Assert.True(MembershipRules.Allows(LeadOfX, GuestOfX, new MembershipChange(null, null)));
        Assert.True(MembershipRules.Allows(LeadOfX, OtherCoordinatorOfX, new MembershipChange(null, null)));
        Assert.True(MembershipRules.Allows(LeadOfX, PoolCoordinator, new MembershipChange(10, null)));
        Assert.True(MembershipRules.Allows(LeadOfX, OtherCoordinatorOfX, new MembershipChange(10, true)));
        Assert.False(MembershipRules.Allows(LeadOfX, GuestOfX, new MembershipChange(20, null)));
        Assert.False(MembershipRules.Allows(LeadOfX, PoolCoordinator, new MembershipChange(20, null)));
    }

    [Fact]
    public void Only_the_lead_of_X_taking_an_unaffiliated_coordinator_into_X_passes_by_reach()
    {
        Assert.True(MembershipRules.LeadTakesCoordinatorIn(LeadOfX, PoolCoordinator, new MembershipChange(10, null)));
        Assert.True(MembershipRules.LeadTakesCoordinatorIn(LeadOfX, PoolCoordinator, new MembershipChange(10, true)));
        Assert.False(MembershipRules.LeadTakesCoordinatorIn(LeadOfX, PoolCoordinator, new MembershipChange(20, null)));
        Assert.False(MembershipRules.LeadTakesCoordinatorIn(LeadOfX, PoolCoordinator, new MembershipChange(null, null)));
        Assert.False(MembershipRules.LeadTakesCoordinatorIn(CoordinatorOfX, PoolCoordinator, new MembershipChange(10, null)));
        Assert.False(MembershipRules.LeadTakesCoordinatorIn(LeadOfX, PoolGuest, new MembershipChange(10, null)));
        Assert.False(MembershipRules.LeadTakesCoordinatorIn(LeadOfX, OtherCoordinatorOfX, new MembershipChange(10, null)));
        Assert.False(MembershipRules.LeadTakesCoordinatorIn(LeadOfX with { HousingOrgId = null }, PoolCoordinator, new MembershipChange(null, null)));
        Assert.False(MembershipRules.LeadTakesCoordinatorIn(Admin, PoolCoordinator, new MembershipChange(10, null)));
    }

    [Fact]
    public void Guests_hosts_and_unaffiliated_coordinators_change_nobody() =>
        Assert.All([PoolGuest, PoolHost, PoolCoordinator], caller => Assert.False(MembershipRules.Allows(caller, PoolGuest, new MembershipChange(10, null))));

    [Fact]
    public void Lead_is_for_coordinators_of_an_org_and_an_admin_has_no_membership()
    {
        Assert.Equal("lead", Assert.Single(MembershipRules.Invalid(GuestOfX, new MembershipChange(10, true))).Field);
        Assert.Equal("lead", Assert.Single(MembershipRules.Invalid(PoolCoordinator, new MembershipChange(null, true))).Field);
        Assert.Equal("housingOrgId", Assert.Single(MembershipRules.Invalid(Admin, new MembershipChange(null, null))).Field);
        Assert.Empty(MembershipRules.Invalid(PoolCoordinator, new MembershipChange(10, true)));
    }

    [Fact]
    public void Leaving_the_org_drops_lead_and_staying_keeps_it()
    {
        Assert.Equal(((long?)null, false), MembershipRules.Next(LeadOfX, new MembershipChange(null, null)));
        Assert.Equal(((long?)10, true), MembershipRules.Next(LeadOfX, new MembershipChange(10, null)));
        Assert.Equal(((long?)20, false), MembershipRules.Next(LeadOfX, new MembershipChange(20, null)));
    }
}
