using HomeUniteUs.Grains.Interfaces.Journeys;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>API.md's Stats, counted from what the projection already holds (no storage, no other grain).</summary>
public sealed partial class DashboardProjection
{
    /// <summary>
    /// Every program's figures in one pass over the projection: a person counts in their org's program (the pool's
    /// when unaffiliated) and in everyone's; a match counts in its guest's org (its host's if the guest is gone);
    /// a case counts for its coordinator, in the coordinator's org.
    /// </summary>
    public ProgramStatsBook Stats()
    {
        var people = users.Values.Select(s => s.Value).OfType<UserView>().Where(u => u.Role != UserRoles.Admin).ToDictionary(u => u.Id);
        var live = matches.Values.Select(s => s.Value).OfType<MatchRef>().ToList();
        var activeMatches = live.Where(m => MatchStatus.IsActive(m.Status)).GroupBy(m => m.GuestId).ToDictionary(g => g.Key, g => g.First().Status);
        var busyHosts = live.Where(m => MatchStatus.IsActive(m.Status)).Select(m => m.HostId).ToHashSet();
        var everyone = new StatsTally(null);
        var pool = new StatsTally(null);
        var orgs = new Dictionary<long, StatsTally>();
        StatsTally Program(long? org) => org is not { } id ? pool : orgs.TryGetValue(id, out var known) ? known : orgs[id] = new StatsTally(id);

        foreach (var person in people.Values)
        {
            foreach (var tally in (StatsTally[])[everyone, Program(person.HousingOrgId)])
            {
                switch (person.Role)
                {
                    case UserRoles.Guest:
                        tally.Guest(JourneyStep(person.Id, activeMatches), !HasCoordinator(person.Id, people));
                        break;
                    case UserRoles.Host:
                        tally.Host(journeys.TryGetValue(person.Id, out var steps) && steps.Value is { TrainingComplete: true } && !busyHosts.Contains(person.Id));
                        break;
                    case UserRoles.Coordinator:
                        tally.Coordinator(person.Id, person.FullName);
                        break;
                }
            }
        }

        foreach (var guestCase in cases.Values.Select(s => s.Value).OfType<GuestCase>())
        {
            if (people.TryGetValue(guestCase.CoordinatorId, out var coordinator) && coordinator.Role == UserRoles.Coordinator)
            {
                everyone.Case(coordinator.Id);
                Program(coordinator.HousingOrgId).Case(coordinator.Id);
            }
        }

        foreach (var match in live)
        {
            var org = people.TryGetValue(match.GuestId, out var guest) ? guest.HousingOrgId
                : people.TryGetValue(match.HostId, out var host) ? host.HousingOrgId : null;
            var days = DaysToMatch(match);
            everyone.Match(match.Status, days);
            Program(org).Match(match.Status, days);
        }

        return new ProgramStatsBook(ContentVersion, everyone.ToPart(), pool.ToPart(), orgs.ToDictionary(o => o.Key, o => o.Value.ToPart()));
    }

    /// <summary>Days from the guest's intake approval to the match's finalization; null unless both happened.</summary>
    private double? DaysToMatch(MatchRef match) =>
        match.FinalizedAt is { } finalized && intakes.TryGetValue(match.GuestId, out var intake) && intake.Value is { Status: IntakeStatus.Approved } approved
            ? (finalized - approved.UpdatedAt).TotalDays
            : null;

    /// <summary>The guest's case names a coordinator who exists (the dashboard's "Unassigned" otherwise).</summary>
    private bool HasCoordinator(long guestId, Dictionary<long, UserView> people) =>
        cases.TryGetValue(guestId, out var slot) && slot.Value is { } guestCase
        && people.TryGetValue(guestCase.CoordinatorId, out var coordinator) && coordinator.Role == UserRoles.Coordinator;

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count); null when empty.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>One program's counts while they are being taken.</summary>
    private sealed class StatsTally(long? housingOrgId)
    {
        private static readonly string[] StepKeys =
        [
            JourneySteps.Application, JourneySteps.CoordinatorInterview, JourneySteps.TrainingSession, JourneySteps.MatchWithHost,
            JourneySteps.MeetingWithHost, JourneySteps.SignAgreement, JourneySteps.Complete,
        ];

        private static readonly string[] MatchStatuses = [.. MatchStatus.All];

        private readonly int[] steps = new int[StepKeys.Length];
        private readonly int[] matchStatuses = new int[MatchStatus.All.Count];
        private readonly List<double> daysToMatch = [];
        private readonly SortedDictionary<long, (string Name, int Cases)> caseloads = [];
        private int guests;
        private int hosts;
        private int unassigned;
        private int hostsAvailable;

        public void Guest(string step, bool isUnassigned)
        {
            guests++;
            steps[Array.IndexOf(StepKeys, step)]++;
            unassigned += isUnassigned ? 1 : 0;
        }

        public void Host(bool available)
        {
            hosts++;
            hostsAvailable += available ? 1 : 0;
        }

        public void Coordinator(long id, string name) => caseloads[id] = (name, 0);

        public void Case(long coordinatorId)
        {
            if (caseloads.TryGetValue(coordinatorId, out var known))
            {
                caseloads[coordinatorId] = known with { Cases = known.Cases + 1 };
            }
        }

        public void Match(string status, double? days)
        {
            var index = Array.IndexOf(MatchStatuses, status);
            if (index >= 0)
            {
                matchStatuses[index]++;
            }

            if (days is { } value)
            {
                daysToMatch.Add(value);
            }
        }

        public ProgramStatsPart ToPart() => new(new(
            housingOrgId,
            guests,
            hosts,
            caseloads.Count,
            unassigned,
            new JourneyStepCounts(steps[0], steps[1], steps[2], steps[3], steps[4], steps[5], steps[6]),
            hostsAvailable,
            new MatchStatusCounts(matchStatuses[0], matchStatuses[1], matchStatuses[2], matchStatuses[3], matchStatuses[4], matchStatuses[5]),
            Median(daysToMatch),
            [.. caseloads.Select(c => new CoordinatorCaseCount(c.Key, c.Value.Name, c.Value.Cases))]), [.. daysToMatch]);
    }
}

/// <summary>Every program's Stats as of one <see cref="ContentVersion"/> of the projection.</summary>
public sealed class ProgramStatsBook(long contentVersion, ProgramStatsPart everyone, ProgramStatsPart pool, IReadOnlyDictionary<long, ProgramStatsPart> orgs)
{
    public long ContentVersion => contentVersion;

    public ProgramStats Everyone => everyone.Stats;

    /// <summary>One org's program (all zero when nobody is in it), or the pool's when <paramref name="housingOrgId"/> is null.</summary>
    public ProgramStats Of(long? housingOrgId) => Part(housingOrgId).Stats;

    /// <summary>As <see cref="Of"/>, with the days to match its median was taken from.</summary>
    public ProgramStatsPart Part(long? housingOrgId) => housingOrgId is not { } id ? pool
        : orgs.TryGetValue(id, out var known) ? known
        : Combine(id, []);

    /// <summary>
    /// The Stats of the programs of <paramref name="parts"/> together (views hold disjoint people): counts added,
    /// coordinators listed by id, the median taken over every day count.
    /// </summary>
    public static ProgramStatsPart Combine(long? housingOrgId, IReadOnlyCollection<ProgramStatsPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var all = parts.Select(p => p.Stats).ToList();
        int Sum(Func<ProgramStats, int> count) => all.Sum(count);
        var days = parts.SelectMany(p => p.DaysToMatch).ToList();
        return new ProgramStatsPart(new ProgramStats(
            housingOrgId,
            Sum(s => s.Guests),
            Sum(s => s.Hosts),
            Sum(s => s.Coordinators),
            Sum(s => s.UnassignedGuests),
            new JourneyStepCounts(
                Sum(s => s.JourneySteps.Application), Sum(s => s.JourneySteps.CoordinatorInterview), Sum(s => s.JourneySteps.TrainingSession),
                Sum(s => s.JourneySteps.MatchWithHost), Sum(s => s.JourneySteps.MeetingWithHost), Sum(s => s.JourneySteps.SignAgreement),
                Sum(s => s.JourneySteps.Complete)),
            Sum(s => s.HostsAvailable),
            new MatchStatusCounts(
                Sum(s => s.Matches.Proposed), Sum(s => s.Matches.Accepted), Sum(s => s.Matches.MeetingHeld),
                Sum(s => s.Matches.Finalized), Sum(s => s.Matches.Declined), Sum(s => s.Matches.Ended)),
            DashboardProjection.Median(days),
            [.. all.SelectMany(s => s.CasesPerCoordinator).OrderBy(c => c.CoordinatorId)]), days);
    }
}
