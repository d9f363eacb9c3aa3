using HomeUniteUs.Grains.Interfaces.Idempotency;
using Orleans.Concurrency;

namespace HomeUniteUs.Grains.Interfaces.HousingOrgs;

/// <summary>
/// The singleton (key 0) that enforces unique org names and serves the ordered list.
/// Its map is a projection of the org grains, rebuilt from storage on activation.
/// </summary>
public interface IHousingOrgRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The org with this id, or null: answered from the index, so an unknown id activates no org grain.
    /// Interleaves with writes (a dictionary lookup between their awaits): reads never queue behind a write.
    /// </summary>
    [AlwaysInterleave]
    Task<HousingOrg?> Get(long id);

    /// <summary>Every org, ordered by id.</summary>
    Task<IReadOnlyList<HousingOrg>> List();

    /// <summary>
    /// Creates an org with a new id; when the name is taken, returns the existing org and Created=false. With
    /// <paramref name="key"/> (the request's Idempotency-Key), the key is stored in the same statement as the new org's
    /// row (migration 0010), or with the answer when nothing is created; a repeat of the request replays that answer
    /// (<see cref="HousingOrgUpsert.Replayed"/>), and the key used by this caller with another request is a 422.
    /// </summary>
    Task<HousingOrgUpsert> Create(string name, IdempotencyKeyRequest? key);

    /// <summary>Renames the org with this id, or creates it at this id. A name held by another org is a conflict.</summary>
    Task<HousingOrgUpsert> Put(long id, string name);

    /// <summary>Deletes the org; false when no org has this id.</summary>
    Task<bool> Delete(long id);
}
