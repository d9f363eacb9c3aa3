namespace HomeUniteUs.Grains.Interfaces.HousingOrgs;

/// <summary>One housing organization's stored row, keyed by its id. Reached through the registry only, which owns name uniqueness and answers reads.</summary>
public interface IHousingOrgGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the org or renames it; called by the registry only.</summary>
    Task<HousingOrg> Save(string name);

    /// <summary>Removes the org; true when it existed. Called by the registry only.</summary>
    Task<bool> Delete();
}
