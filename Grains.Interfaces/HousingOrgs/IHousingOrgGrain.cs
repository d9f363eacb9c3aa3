namespace HomeUniteUs.Grains.Interfaces.HousingOrgs;

/// <summary>One housing organization, keyed by its id. Writes go through the registry, which owns name uniqueness.</summary>
public interface IHousingOrgGrain : IGrainWithIntegerKey
{
    /// <summary>The org, or null when no org has this id.</summary>
    Task<HousingOrg?> Get();

    /// <summary>Creates the org or renames it; called by the registry only.</summary>
    Task<HousingOrg> Save(string name);

    /// <summary>Removes the org; true when it existed. Called by the registry only.</summary>
    Task<bool> Delete();
}
