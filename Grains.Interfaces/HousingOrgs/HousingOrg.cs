namespace HomeUniteUs.Grains.Interfaces.HousingOrgs;

/// <summary>A housing organization as the API shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record HousingOrg(long Id, string Name);

/// <summary>
/// What a PUT or a create did: replaced an existing org or created it (at the given id). <see cref="Replayed"/>: a create
/// repeated with its Idempotency-Key, answered as its first run was and applying nothing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HousingOrgUpsert(HousingOrg Org, bool Created, bool Replayed = false);
