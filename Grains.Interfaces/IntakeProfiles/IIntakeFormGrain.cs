namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>One intake form definition, keyed by form id (1: guest intake, 2: host intake).</summary>
public interface IIntakeFormGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The form definition as JSON text in API.md's shape
    /// (<c>{"id", "fieldGroups": [{"id", "order", "title", "fields": [{"id", "title", "type", "properties", "validations"}]}]}</c>,
    /// <c>order</c> counting the groups from 1), or null when no form has this id.
    /// </summary>
    Task<string?> GetDefinitionJson();

    /// <summary>One field group of the definition (<c>{"id", "order", "title", "fields"}</c>), or null when the form or the group does not exist.</summary>
    Task<string?> GetGroupJson(string groupId);
}
