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

        // Deactivate every grain on every silo: the registry must come back from the stored orgs.
        foreach (var silo in cluster.Cluster.Silos)
        {
            var management = cluster.Grains.GetGrain<IManagementGrain>(0);
            await management.ForceActivationCollection(TimeSpan.Zero);
        }

        var again = await Registry.Create(name);
        Assert.False(again.Created);
        Assert.Equal(created.Org.Id, again.Org.Id);
        Assert.Equal(name, (await cluster.Grains.GetGrain<IHousingOrgGrain>(created.Org.Id).Get())?.Name);
    }

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
