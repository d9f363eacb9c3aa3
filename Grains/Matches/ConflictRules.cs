namespace HomeUniteUs.Grains.Matches;

/// <summary>
/// The one table of conflicts between a guest's and a host's intake answers (API.md, listed in the
/// README). A rule names the guest's field, the host's field(s) it compares, and when they clash;
/// a conflict reports the guest's answer and the host's first field's answer, nothing else.
/// </summary>
public static class ConflictRules
{
    public static IReadOnlyList<ConflictRule> All { get; } =
    [
        new("pets", "has_pets", ["pets_welcome"], (guest, host) => IsYes(guest) && IsNo(host[0])),
        new("smoking", "smokes", ["smoking_allowed_inside", "household_smokes"], (guest, host) => IsYes(guest) && IsNo(host[0]) && IsNo(host[1])),
        new("alcohol", "drinks_alcohol", ["drinking_concerns"], (guest, host) => IsYes(guest) && IsYes(host[0])),
        new("additional_guests", "additional_guests", ["can_host_additional_guests"], (guest, host) => IsNonEmptyList(guest) && IsNo(host[0])),
    ];

    /// <summary>The rules the two sets of answers (field id → raw JSON) break, in table order.</summary>
    public static IReadOnlyList<MatchConflict> Between(IReadOnlyDictionary<string, string> guest, IReadOnlyDictionary<string, string> host)
    {
        var conflicts = new List<MatchConflict>();
        foreach (var rule in All)
        {
            var guestValue = guest.GetValueOrDefault(rule.GuestFieldId);
            var hostValues = rule.HostFieldIds.Select(id => host.GetValueOrDefault(id)).ToArray();
            if (rule.Clashes(guestValue, hostValues))
            {
                conflicts.Add(new MatchConflict(rule.Name, rule.GuestFieldId, guestValue!, rule.HostFieldIds[0], hostValues[0]!));
            }
        }

        return conflicts;
    }

    private static bool IsYes(string? json) => Text(json) == "yes";

    private static bool IsNo(string? json) => Text(json) == "no";

    private static string? Text(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : null;
    }

    private static bool IsNonEmptyList(string? json)
    {
        if (json is null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0;
    }
}

/// <summary>One row of the table: the guest's field, the host's fields, and when their answers clash.</summary>
public sealed record ConflictRule(string Name, string GuestFieldId, IReadOnlyList<string> HostFieldIds, Func<string?, string?[], bool> Clashes);
