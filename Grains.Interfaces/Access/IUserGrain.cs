using Orleans.Concurrency;

namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>One user of the store, keyed by the integer user id. Identity flows reach it through <see cref="IIdentityFlowGrain"/>.</summary>
public interface IUserGrain : ActivityList.IActivitySourceGrain
{
    /// <summary>The user, or null when no active user has this id (never created, pending or deleted). Interleaves: it only reads memory.</summary>
    [AlwaysInterleave]
    Task<UserView?> Get();

    /// <summary>
    /// The housing org the stored user is in, pending ones included (null: unaffiliated, or no user has this id): which
    /// dashboard view their case, intake, journey and matches belong to. Interleaves: it only reads memory.
    /// </summary>
    [AlwaysInterleave]
    Task<long?> HousingOrg();

    /// <summary>
    /// Whether <paramref name="caller"/> reaches this user (<see cref="Reach"/>, with the caller's current
    /// membership). True when no active user has this id: the route then answers as for an unknown id.
    /// </summary>
    Task<bool> ReachedBy(Caller caller);

    /// <summary>
    /// Moves the user to another housing org (or none) and/or sets <c>lead</c>, by API.md's rules for
    /// PUT /api/users/{id}/housing-org: one grain turn that checks the caller's current membership, holds
    /// the person's match slot (409 while a live match holds it), checks their case (or caseload), writes,
    /// then releases the slot. 404 outside the caller's reach.
    /// </summary>
    Task<UserView> ChangeMembership(Caller caller, MembershipChange change);

    /// <summary>
    /// Whether the membership move <paramref name="moveId"/> still runs on this activation: false once it
    /// has finished or failed with a known outcome, and on any later activation. Interleaves: it only reads memory.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> Moving(Guid moveId);

    /// <summary>Records a new user as pending: invisible until <see cref="Activate"/>. Called by the identity flow grain only.</summary>
    Task<UserView> Create(NewUser newUser);

    /// <summary>Makes a pending user visible once Cognito holds the account too.</summary>
    Task<UserView> Activate();

    /// <summary>Removes the user from the store; false when there was none.</summary>
    Task<bool> Delete();

    /// <summary>The user when a verified token of theirs is still good (not signed out), else null.</summary>
    Task<UserView?> Authenticate(TokenFacts token);

    /// <summary>Revokes the token and every token issued before now (Cognito's global sign-out).</summary>
    Task SignOut(TokenFacts token);

    /// <summary>Writes the person's row of <c>huu_people</c> from the stored state again (recovery of an interrupted membership change).</summary>
    Task ResyncPeopleRow();
}

/// <summary>The facts of a verified access token the store needs for revocation.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenFacts(string Jti, string? OriginJti, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>A requested membership: the org (null = unaffiliated) and, for coordinators, whether they lead it (null = unchanged).</summary>
[GenerateSerializer, Immutable]
public sealed record MembershipChange(long? HousingOrgId, bool? Lead);
