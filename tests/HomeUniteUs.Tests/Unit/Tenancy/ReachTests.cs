using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Tests.Unit.Tenancy;

/// <summary>API.md's reach table, cell by cell, for two orgs (1, 2) and the pool (null).</summary>
public sealed class ReachTests
{
    private const string A = UserRoles.Admin;
    private const string C = UserRoles.Coordinator;
    private const string G = UserRoles.Guest;
    private const string H = UserRoles.Host;

    [Theory]
    [InlineData(A, null, G, 1L, true)]
    [InlineData(A, null, C, 2L, true)]
    [InlineData(A, null, G, null, true)]
    [InlineData(C, 1L, G, 1L, true)]
    [InlineData(C, 1L, H, 1L, true)]
    [InlineData(C, 1L, C, 1L, true)]
    [InlineData(C, 1L, G, null, true)]
    [InlineData(C, 1L, H, null, true)]
    [InlineData(C, 1L, C, null, false)]
    [InlineData(C, 1L, G, 2L, false)]
    [InlineData(C, 1L, H, 2L, false)]
    [InlineData(C, 1L, C, 2L, false)]
    [InlineData(C, 1L, A, null, false)]
    [InlineData(C, null, G, null, true)]
    [InlineData(C, null, H, null, true)]
    [InlineData(C, null, C, null, true)]
    [InlineData(C, null, G, 1L, false)]
    [InlineData(C, null, C, 1L, false)]
    [InlineData(C, null, A, null, false)]
    [InlineData(G, null, G, null, false)]
    [InlineData(H, 1L, G, 1L, false)]
    public void Who_reaches_whom(string callerRole, long? callerOrg, string personRole, long? personOrg, bool reaches) =>
        Assert.Equal(reaches, Reach.Includes(new MemberScope(1, callerRole, callerOrg, false), new MemberScope(2, personRole, personOrg, false)));

    [Theory]
    [InlineData(G, 1L)]
    [InlineData(H, null)]
    [InlineData(C, 2L)]
    public void Everyone_reaches_themselves(string role, long? org) =>
        Assert.True(Reach.Includes(new MemberScope(7, role, org, false), new MemberScope(7, role, org, false)));

    [Fact]
    public void Only_the_lead_of_the_persons_org_leads_them_and_not_themselves()
    {
        var lead = new MemberScope(1, C, 1, true);
        Assert.True(Reach.LeadsOrgOf(lead, new MemberScope(2, G, 1, false)));
        Assert.False(Reach.LeadsOrgOf(lead, new MemberScope(2, G, 2, false)));
        Assert.False(Reach.LeadsOrgOf(lead, new MemberScope(2, G, null, false)));
        Assert.False(Reach.LeadsOrgOf(lead, lead));
        Assert.False(Reach.LeadsOrgOf(lead with { Lead = false }, new MemberScope(2, G, 1, false)));
    }

    [Fact]
    public void A_view_is_shared_by_every_coordinator_of_one_org_and_an_admin_filter_narrows_it()
    {
        Assert.Equal(ReachView.Of(new MemberScope(5, C, 1, true), false, null), ReachView.Of(new MemberScope(6, C, 1, false), false, null));
        Assert.NotEqual(ReachView.Of(new MemberScope(5, C, 1, false), false, null), ReachView.Of(new MemberScope(6, C, 2, false), false, null));
        Assert.Equal(ReachView.Everyone, ReachView.Of(new MemberScope(1, A, null, false), false, null));

        var pool = ReachView.Of(new MemberScope(1, A, null, false), true, null);
        Assert.True(pool.Shows(new MemberScope(2, G, null, false)));
        Assert.False(pool.Shows(new MemberScope(2, G, 1, false)));
        var org2 = ReachView.Of(new MemberScope(1, A, null, false), true, 2);
        Assert.True(org2.Shows(new MemberScope(2, C, 2, false)));
        Assert.False(org2.Shows(new MemberScope(2, C, 1, false)));
    }
}
