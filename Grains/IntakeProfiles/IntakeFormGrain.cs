namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>Serves an embedded form definition from memory; stateless, so any silo answers locally.</summary>
[StatelessWorker]
public sealed class IntakeFormGrain : Grain, IIntakeFormGrain
{
    public Task<string?> GetDefinitionJson() => Task.FromResult(IntakeForms.Find(this.GetPrimaryKeyLong())?.DefinitionJson);

    public Task<string?> GetGroupJson(string groupId) => Task.FromResult(IntakeForms.Find(this.GetPrimaryKeyLong())?.GroupJson(groupId));
}
