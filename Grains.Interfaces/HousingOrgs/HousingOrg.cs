namespace HomeUniteUs.Grains.Interfaces.HousingOrgs;

/// <summary>A housing organization as the API shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record HousingOrg(long Id, string Name);

/// <summary>What a PUT did: replaced an existing org or created it at the given id.</summary>
[GenerateSerializer, Immutable]
public sealed record HousingOrgUpsert(HousingOrg Org, bool Created);
