using System.Diagnostics.Metrics;

namespace HomeUniteUs.Grains.Telemetry;

/// <summary>
/// The domain's own meter. Every tag has a small fixed set of values (an outcome is "success"
/// or an error code of <c>ErrorCodes</c>, a status one of the workflow's statuses): no ids, emails or text.
/// </summary>
public static class HuuMetrics
{
    public const string MeterName = "HomeUniteUs";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>("huu.signins", "{sign-in}", "Sign-ins by outcome");
    private static readonly Counter<long> SignUps = Meter.CreateCounter<long>("huu.signups", "{sign-up}", "Sign-ups by outcome");
    private static readonly Counter<long> FlowsRecovered = Meter.CreateCounter<long>("huu.identity.flows.recovered", "{flow}", "Interrupted identity flows finished or undone, by flow");
    private static readonly Counter<long> DashboardRebuilds = Meter.CreateCounter<long>("huu.dashboard.rebuilds", "{rebuild}", "Coordinator dashboard rebuilds from storage");
    private static readonly Counter<long> IntakeSubmissions = Meter.CreateCounter<long>("huu.intake.submissions", "{submission}", "Intake profile submissions by outcome");
    private static readonly Counter<long> IntakeReviews = Meter.CreateCounter<long>("huu.intake.reviews", "{review}", "Intake profile reviews by decision or refusal");
    private static readonly Counter<long> Matches = Meter.CreateCounter<long>("huu.matches", "{transition}", "Match transitions by the status reached");
    private static readonly Counter<long> DatabaseRefusals = Meter.CreateCounter<long>("huu.database.refusals", "{call}", "Database calls answered 503 during an outage (the log has only its start and end)");
    private static long flowsPending;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, WeakReference<DashboardProjection>> HeldViews = new();

    static HuuMetrics()
    {
        Meter.CreateObservableGauge("huu.identity.flows.pending", () => Interlocked.Read(ref flowsPending), "{flow}", "Interrupted identity flows still pending after the last sweep");
        Meter.CreateObservableGauge("huu.dashboard.version", DashboardVersion, "{version}", "Content versions of the dashboard views this silo holds, added up");
    }

    public static void SignIn(string outcome) => SignIns.Add(1, Outcome(outcome));

    public static void SignUp(string outcome) => SignUps.Add(1, Outcome(outcome));

    public static void IntakeSubmission(string outcome) => IntakeSubmissions.Add(1, Outcome(outcome));

    public static void IntakeReview(string outcome) => IntakeReviews.Add(1, Outcome(outcome));

    /// <summary>A match reached <paramref name="status"/> (one of the match statuses).</summary>
    public static void MatchTransition(string status) => Matches.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>A database call was answered 503 because PostgreSQL is unavailable.</summary>
    public static void DatabaseRefusal() => DatabaseRefusals.Add(1);

    public static void FlowRecovered(string flow) => FlowsRecovered.Add(1, new KeyValuePair<string, object?>("flow", flow));

    /// <summary>How many interrupted flows a sweep found and could not finish or undo.</summary>
    public static void FlowsPending(long count) => Interlocked.Exchange(ref flowsPending, count);

    /// <summary>A dashboard view (<paramref name="view"/>: an org's or the pool's) was rebuilt from storage; its version is observed from then on.</summary>
    public static void DashboardRebuilt(long view, DashboardProjection projection)
    {
        DashboardRebuilds.Add(1);
        HeldViews[view] = new WeakReference<DashboardProjection>(projection);
    }

    private static IEnumerable<Measurement<long>> DashboardVersion() =>
        HeldViews.IsEmpty ? [] : [new Measurement<long>(HeldViews.Values.Sum(held => held.TryGetTarget(out var projection) ? projection.ContentVersion : 0))];

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);
}
