namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>One intake form definition, keyed by form id (1: guest intake, 2: host intake).</summary>
public interface IIntakeFormGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The form definition as JSON text in API.md's shape
    /// (<c>{"id", "fieldGroups": [{"id", "title", "fields": [{"id", "title", "type", "properties", "validations"}]}]}</c>),
    /// or null when no form has this id.
    /// </summary>
    Task<string?> GetDefinitionJson();
}
