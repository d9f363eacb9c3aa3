namespace HomeUniteUs.Grains.HousingOrgs;

/// <summary>The stored state of one housing org (JSON in grain storage).</summary>
public sealed class HousingOrgState
{
    public long Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public bool Exists { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
