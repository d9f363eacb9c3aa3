namespace HomeUniteUs.WebGateway.Auth;

/// <summary>The authorization policies the endpoints use (roles from the stored user, see <see cref="StoreCallerCheck"/>).</summary>
public static class Policies
{
    public const string AnyUser = "any";
    public const string Admin = "admin";
    public const string CoordinatorOrAdmin = "coordinator-or-admin";
}
