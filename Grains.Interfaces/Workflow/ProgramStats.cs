using System.Text.Json.Serialization;

namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>
/// API.md's <c>Stats</c>: the figures of one housing org's program (<see cref="HousingOrgId"/>), of the
/// unaffiliated pool (<see cref="HousingOrgId"/> null in <c>byOrg</c>), or of everyone (the top level of
/// GET /api/stats, also null). Admins are counted nowhere.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProgramStats(
    [property: JsonPropertyName("housingOrgId")] long? HousingOrgId,
    [property: JsonPropertyName("guests")] int Guests,
    [property: JsonPropertyName("hosts")] int Hosts,
    [property: JsonPropertyName("coordinators")] int Coordinators,
    [property: JsonPropertyName("unassignedGuests")] int UnassignedGuests,
    [property: JsonPropertyName("journeySteps")] JourneyStepCounts JourneySteps,
    [property: JsonPropertyName("hostsAvailable")] int HostsAvailable,
    [property: JsonPropertyName("matches")] MatchStatusCounts Matches,
    [property: JsonPropertyName("medianDaysToMatch")] double? MedianDaysToMatch,
    [property: JsonPropertyName("casesPerCoordinator")] IReadOnlyList<CoordinatorCaseCount> CasesPerCoordinator);

/// <summary>Guests by the step their journey is at (the dashboard's <c>journeyStep</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record JourneyStepCounts(
    [property: JsonPropertyName("application")] int Application,
    [property: JsonPropertyName("coordinator_interview")] int CoordinatorInterview,
    [property: JsonPropertyName("training_session")] int TrainingSession,
    [property: JsonPropertyName("match_with_host")] int MatchWithHost,
    [property: JsonPropertyName("meeting_with_host")] int MeetingWithHost,
    [property: JsonPropertyName("sign_agreement")] int SignAgreement,
    [property: JsonPropertyName("complete")] int Complete);

/// <summary>Matches by status (a match counts in its guest's org).</summary>
[GenerateSerializer, Immutable]
public sealed record MatchStatusCounts(
    [property: JsonPropertyName("PROPOSED")] int Proposed,
    [property: JsonPropertyName("ACCEPTED")] int Accepted,
    [property: JsonPropertyName("MEETING_HELD")] int MeetingHeld,
    [property: JsonPropertyName("FINALIZED")] int Finalized,
    [property: JsonPropertyName("DECLINED")] int Declined,
    [property: JsonPropertyName("ENDED")] int Ended);

/// <summary>One coordinator of the program and how many guest cases they coordinate (any status, as the deletion rule counts them).</summary>
[GenerateSerializer, Immutable]
public sealed record CoordinatorCaseCount(
    [property: JsonPropertyName("coordinatorId")] long CoordinatorId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cases")] int Cases);

/// <summary>The answer of GET /api/stats: everyone, and every org's program then the pool's (housingOrgId null), by org id.</summary>
[GenerateSerializer, Immutable]
public sealed record ProgramStatsSet(ProgramStats Everyone, IReadOnlyList<ProgramStats> ByOrg);
