namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>Serves an embedded form definition from memory; stateless, so any silo answers locally.</summary>
[StatelessWorker]
public sealed class IntakeFormGrain : Grain, IIntakeFormGrain
{
    public Task<string?> GetDefinitionJson() => Answer(form => form.DefinitionJson);

    public Task<string?> GetGroupJson(string groupId) => Answer(form => form.GroupJson(groupId));

    /// <summary>What the form says, or null for a form id that does not exist, whose worker then goes: unknown ids leave nothing in memory.</summary>
    private Task<string?> Answer(Func<IntakeForm, string?> read)
    {
        if (IntakeForms.Find(this.GetPrimaryKeyLong()) is { } form)
        {
            return Task.FromResult(read(form));
        }

        DeactivateOnIdle();
        return Task.FromResult<string?>(null);
    }
}
