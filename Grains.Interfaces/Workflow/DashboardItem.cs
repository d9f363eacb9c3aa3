using System.Globalization;
using System.Text.Json.Serialization;

namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>The body of GET /api/coordinator/dashboard/all (API.md).</summary>
public sealed record DashboardDocument(
    [property: JsonPropertyName("dashboardItems")] IReadOnlyList<DashboardItem> DashboardItems);

/// <summary>
/// One row of the dashboard: a guest, host or coordinator (API.md's DashboardItem). <c>housingOrgId</c> is
/// left out for an unaffiliated person, so rows where nobody has an org are as they were before orgs had members.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DashboardItem(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("userName")] string UserName,
    [property: JsonPropertyName("caseStatus")] string CaseStatus,
    [property: JsonPropertyName("userType")] string UserType,
    [property: JsonPropertyName("coordinatorName")] string CoordinatorName,
    [property: JsonPropertyName("lastUpdated")] string LastUpdated,
    [property: JsonPropertyName("notes")] string Notes,
    [property: JsonPropertyName("journeyStep"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JourneyStep = null,
    [property: JsonPropertyName("housingOrgId")] long? HousingOrgId = null)
{
    /// <summary>caseStatus and coordinatorName of rows without a case.</summary>
    public const string NotApplicable = "N/A";

    /// <summary>coordinatorName of a guest nobody coordinates.</summary>
    public const string Unassigned = "Unassigned";
}

/// <summary>Timestamps on the wire: ISO-8601 UTC to the second, e.g. 2026-11-27T10:00:00Z.</summary>
public static class UtcTimestamp
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
