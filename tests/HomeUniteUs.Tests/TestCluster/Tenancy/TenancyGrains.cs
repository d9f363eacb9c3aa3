using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;

namespace HomeUniteUs.Tests.TestCluster.Tenancy;

/// <summary>Housing orgs and their people on a grain cluster.</summary>
public sealed class TenancyGrains(GrainCluster cluster)
{
    public static Caller Admin { get; } = new(1, UserRoles.Admin);

    public IUserGrain User(long id) => cluster.Grains.GetGrain<IUserGrain>(id);

    /// <summary>A new housing org (a unique name per call).</summary>
    public async Task<long> Org() =>
        (await cluster.Grains.GetGrain<IHousingOrgRegistryGrain>(0).Create("Org " + Guid.NewGuid().ToString("N"), null)).Org.Id;

    /// <summary>A new active user of <paramref name="org"/> (null: unaffiliated), ids far above the sequence's.</summary>
    public async Task<UserView> Person(string role, long? org = null, bool lead = false)
    {
        var id = Random.Shared.NextInt64(1_000_000, 1_000_000_000_000);
        await User(id).Create(new NewUser($"{role}.{id}@example.com", role, null, id.ToString(System.Globalization.CultureInfo.InvariantCulture), role, org, lead));
        return await User(id).Activate();
    }

    public static Caller As(UserView user) => new(user.Id, user.Role);
}
