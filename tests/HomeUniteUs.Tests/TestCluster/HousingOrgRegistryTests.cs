using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;

namespace HomeUniteUs.Tests.TestCluster;

[Collection(GrainClusterCollection.Name)]
public sealed class HousingOrgRegistryTests(GrainCluster cluster)
{
    private IHousingOrgRegistryGrain Registry => cluster.Grains.GetGrain<IHousingOrgRegistryGrain>(0);

    [Fact]
    public async Task Concurrent_creates_of_one_name_make_one_org()
    {
        var name = "Concurrent " + Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Registry.Create(name)));
        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Org.Id).Distinct());
        Assert.Single(await Registry.List(), o => o.Name == name);
    }

    [Fact]
    public async Task The_registry_rebuilds_its_index_from_storage_after_deactivation()
    {
        var name = "Rebuilt " + Guid.NewGuid().ToString("N");
        var created = await Registry.Create(name);

        // Deactivate every idle grain on every silo, and make sure the registry was among them:
        // it must come back from the stored orgs.
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        Assert.Equal(1, await RegistryActivations(management));
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(0, await RegistryActivations(management));

        var again = await Registry.Create(name);
        Assert.False(again.Created);
        Assert.Equal(created.Org.Id, again.Org.Id);
        Assert.Equal(name, (await Registry.Get(created.Org.Id))?.Name);
    }

    private static async Task<int> RegistryActivations(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("HousingOrgRegistry", StringComparison.OrdinalIgnoreCase))
            .Sum(s => s.ActivationCount);

    [Fact]
    public async Task Put_of_a_taken_name_is_refused_with_a_conflict_code()
    {
        var taken = await Registry.Create("Taken " + Guid.NewGuid().ToString("N"));
        var other = await Registry.Create("Other " + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<HuuException>(() => Registry.Put(other.Org.Id, taken.Org.Name));
        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Equal(409, error.Status);
    }
}
