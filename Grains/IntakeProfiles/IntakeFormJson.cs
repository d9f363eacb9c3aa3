using System.Text.Json.Nodes;

namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// A form definition as served: compact, every field group numbered by <c>order</c> (1, 2, … in form order,
/// placed after its id, as the frontend's <c>FieldGroup</c> reads it), and each group also on its own.
/// The order is derived here rather than authored, so it can never disagree with the group's position.
/// </summary>
internal sealed record IntakeFormJson(string Definition, FrozenDictionary<string, string> Groups)
{
    public static IntakeFormJson Served(string authored)
    {
        var form = JsonNode.Parse(authored)!.AsObject();
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        if (form["fieldGroups"] is JsonArray fieldGroups)
        {
            for (var index = 0; index < fieldGroups.Count; index++)
            {
                var group = fieldGroups[index]!.AsObject();
                group.Insert(Math.Min(1, group.Count), "order", index + 1);
                groups[group["id"]!.GetValue<string>()] = group.ToJsonString();
            }
        }

        return new IntakeFormJson(form.ToJsonString(), groups.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
