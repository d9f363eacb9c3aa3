using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Tests.Unit.Tenancy;

/// <summary>Members of org X (id 10), of no org, and an admin, for the pure rules of reach, membership and invites.</summary>
internal static class Scopes
{
    public static readonly MemberScope Admin = new(1, UserRoles.Admin, null, false);
    public static readonly MemberScope CoordinatorOfX = new(2, UserRoles.Coordinator, 10, false);
    public static readonly MemberScope LeadOfX = new(3, UserRoles.Coordinator, 10, true);
    public static readonly MemberScope PoolGuest = new(4, UserRoles.Guest, null, false);
    public static readonly MemberScope GuestOfX = new(5, UserRoles.Guest, 10, false);
    public static readonly MemberScope PoolCoordinator = new(6, UserRoles.Coordinator, null, false);
    public static readonly MemberScope OtherCoordinatorOfX = new(7, UserRoles.Coordinator, 10, false);
    public static readonly MemberScope PoolHost = new(8, UserRoles.Host, null, false);
}
