using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Grains.Interfaces.ActivityList;

/// <summary>
/// One event of the activity list as API.md's <c>Event</c> shows it. <see cref="DetailsJson"/> is the
/// <c>details</c> object as JSON text; <see cref="UserName"/> is the person's current name.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActivityEvent(
    long Id,
    string Type,
    DateTimeOffset At,
    long UserId,
    string UserName,
    long? ActorId,
    long? HousingOrgId,
    string DetailsJson);

/// <summary>A change about to become an event: what happened to whom, by whom, in which org (null = none).</summary>
[GenerateSerializer, Immutable]
public sealed record NewActivity(
    string Type,
    DateTimeOffset At,
    long UserId,
    long? ActorId,
    long? HousingOrgId,
    string DetailsJson);

/// <summary>One page of the activity list: events oldest first, and the cursor to ask after next.</summary>
[GenerateSerializer, Immutable]
public sealed record ActivityPage(IReadOnlyList<ActivityEvent> Events, long Next);

/// <summary>
/// A page of the live feed: every event (read as an admin would), and the scope of each event's person by the row
/// the page's reach rule reads (<c>huu_people</c>); a person missing from <see cref="People"/> is reached only by
/// admins and themselves (no row, or a membership change under way).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActivityFeedPage(IReadOnlyList<ActivityEvent> Events, IReadOnlyDictionary<long, MemberScope> People, long Next)
{
    /// <summary>Whether <paramref name="reader"/> reaches the person of <paramref name="activity"/> (a person without a scope: as an admin is reached).</summary>
    public bool Reaches(MemberScope reader, ActivityEvent activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Reach.Includes(reader, People.GetValueOrDefault(activity.UserId) ?? new MemberScope(activity.UserId, UserRoles.Admin, null, false));
    }
}

/// <summary>The event types of API.md's activity list.</summary>
public static class ActivityTypes
{
    public const string SignedUp = "signed_up";
    public const string Invited = "invited";
    public const string MembershipChanged = "membership_changed";
    public const string IntakeSubmitted = "intake_submitted";
    public const string IntakeReviewed = "intake_reviewed";
    public const string StepScheduled = "step_scheduled";
    public const string StepCompleted = "step_completed";
    public const string MatchProposed = "match_proposed";
    public const string MatchAccepted = "match_accepted";
    public const string MatchDeclined = "match_declined";
    public const string MeetingScheduled = "meeting_scheduled";
    public const string MeetingHeld = "meeting_held";
    public const string MatchSigned = "match_signed";
    public const string MatchFinalized = "match_finalized";
    public const string MatchEnded = "match_ended";
    public const string NoteAdded = "note_added";
    public const string ReminderDue = "reminder_due";
    public const string ReminderOverdue = "reminder_overdue";
}
