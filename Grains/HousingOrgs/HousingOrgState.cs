using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.Grains.HousingOrgs;

/// <summary>The stored state of one housing org (JSON in grain storage).</summary>
public sealed class HousingOrgState
{
    public long Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public bool Exists { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The Idempotency-Key of the request that created the org, in its first row only: migration 0010's trigger stores
    /// it with that row, and the org's next write drops it from the org's row (the stored key stays, for 24 hours).
    /// </summary>
    public IdempotencyKeyRequest? CreatedWithKey { get; set; }

    /// <summary>Makes this the state of org <paramref name="id"/>, existing, named <paramref name="name"/> at <paramref name="at"/>.</summary>
    public HousingOrgState Named(long id, string name, DateTimeOffset at)
    {
        Id = id;
        Name = name;
        Exists = true;
        UpdatedAt = at;
        return this;
    }
}
