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
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Registry.Create(name, null)));
        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Org.Id).Distinct());
        Assert.Single(await Registry.List(), o => o.Name == name);
    }

    [Fact]
    public async Task Racing_creates_renames_and_deletes_keep_names_unique_and_the_index_equal_to_storage()
    {
        var tag = Guid.NewGuid().ToString("N");
        var orgs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Registry.Create($"Race {tag} start {i}", null)));
        var names = Enumerable.Range(0, 3).Select(i => $"Race {tag} shared {i}").ToArray();

        // Every org is renamed to one of three shared names while creates of those names and deletes run
        // between them: each name ends with at most one holder, whichever call won. A name can end with none:
        // a rename that wins before the creates of its name makes them return that org, and a racing delete of
        // the same org then removes the name's only holder.
        var calls = new List<Task>();
        var deletes = new List<(long Id, Task<bool> Deleted)>();
        var puts = new Dictionary<long, Task<HousingOrgUpsert?>>();
        for (var i = 0; i < orgs.Length; i++)
        {
            var put = Attempt(Registry.Put(orgs[i].Org.Id, names[i % names.Length]));
            puts[orgs[i].Org.Id] = put;
            calls.Add(put);
            calls.Add(Attempt(Registry.Create(names[(i + 1) % names.Length], null)));
            if (i % 4 == 3)
            {
                var delete = Registry.Delete(orgs[i].Org.Id);
                deletes.Add((orgs[i].Org.Id, delete));
                calls.Add(delete);
            }
        }

        await Task.WhenAll(calls);
        var before = (await Registry.List()).Where(o => o.Name.Contains(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(before.Count, before.Select(o => o.Name).Distinct().Count());
        var deleted = deletes.Where(d => d.Deleted.Result).Select(d => d.Id).ToHashSet();
        Assert.Equal(deletes.Count, deleted.Count);
        // PUT is an upsert: a rename whose turn came after the delete of its org creates the org again, under the
        // same id and the shared name, and says so. Any other deleted org is gone.
        foreach (var org in before.Where(o => deleted.Contains(o.Id)))
        {
            Assert.True((await puts[org.Id])?.Created, $"org {org.Id} was deleted and is listed, but no put created it again");
            Assert.Contains(org.Name, names);
        }

        var holderless = names.Count(name => before.All(o => o.Name != name));
        Assert.InRange(holderless, 0, deleted.Count);

        // The index rebuilt from the org grains' stored rows is the one the racing calls left.
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(0, await RegistryActivations(management));
        var after = (await Registry.List()).Where(o => o.Name.Contains(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(before, after);
    }

    /// <summary>A racing call may lose (a conflict on a taken name); any other failure fails the test.</summary>
    private static async Task Attempt(Task call)
    {
        try
        {
            await call;
        }
        catch (HuuException conflict) when (conflict.Status == 409)
        {
        }
    }

    /// <summary>As above, with the call's answer, or null when it lost.</summary>
    private static async Task<T?> Attempt<T>(Task<T> call)
        where T : class
    {
        try
        {
            return await call;
        }
        catch (HuuException conflict) when (conflict.Status == 409)
        {
            return null;
        }
    }

    [Fact]
    public async Task The_registry_rebuilds_its_index_from_storage_after_deactivation()
    {
        var name = "Rebuilt " + Guid.NewGuid().ToString("N");
        var created = await Registry.Create(name, null);

        // Deactivate every idle grain on every silo, and make sure the registry was among them:
        // it must come back from the stored orgs.
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        Assert.Equal(1, await RegistryActivations(management));
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(0, await RegistryActivations(management));

        var again = await Registry.Create(name, null);
        Assert.False(again.Created);
        Assert.Equal(created.Org.Id, again.Org.Id);
        Assert.Equal(name, (await Registry.Get(created.Org.Id))?.Name);
    }

    [Fact]
    public async Task A_create_inserts_its_row_without_an_org_grain_whose_first_call_reads_that_row()
    {
        var tag = Guid.NewGuid().ToString("N");
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var idle = await OrgActivations(management);

        var created = await Registry.Create("Inserted " + tag, null);
        Assert.True(created.Created);
        Assert.Equal(idle, await OrgActivations(management));

        // The grain's first call reads the inserted row and writes over it (a write that had no ETag would fail).
        Assert.False((await Registry.Put(created.Org.Id, "Renamed " + tag)).Created);
        Assert.Equal(idle + 1, await OrgActivations(management));
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal("Renamed " + tag, (await Registry.Get(created.Org.Id))?.Name); // the index rebuilt from storage
        Assert.True(await Registry.Delete(created.Org.Id));
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Null(await Registry.Get(created.Org.Id));
        Assert.True((await Registry.Create("Inserted " + tag, null)).Created); // the old name is free again
    }

    private static async Task<int> OrgActivations(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("HousingOrgGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);

    private static async Task<int> RegistryActivations(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("HousingOrgRegistry", StringComparison.OrdinalIgnoreCase))
            .Sum(s => s.ActivationCount);

    [Fact]
    public async Task Put_of_a_taken_name_is_refused_with_a_conflict_code()
    {
        var taken = await Registry.Create("Taken " + Guid.NewGuid().ToString("N"), null);
        var other = await Registry.Create("Other " + Guid.NewGuid().ToString("N"), null);
        var error = await Assert.ThrowsAsync<HuuException>(() => Registry.Put(other.Org.Id, taken.Org.Name));
        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Equal(409, error.Status);
    }
}
