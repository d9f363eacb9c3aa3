namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>One user of the store, keyed by the integer user id. Identity flows reach it through <see cref="ICognitoGrain"/>.</summary>
public interface IUserGrain : IGrainWithIntegerKey
{
    /// <summary>The user, or null when no active user has this id (never created, pending or deleted).</summary>
    Task<UserView?> Get();

    /// <summary>Records a new user as pending: invisible until <see cref="Activate"/>. Called by the Cognito grain only.</summary>
    Task<UserView> Create(NewUser newUser);

    /// <summary>Makes a pending user visible once Cognito holds the account too.</summary>
    Task<UserView> Activate();

    /// <summary>Removes the user from the store; false when there was none.</summary>
    Task<bool> Delete();

    /// <summary>The user when a verified token of theirs is still good (not signed out), else null.</summary>
    Task<UserView?> Authenticate(TokenFacts token);

    /// <summary>Revokes the token and every token issued before now (Cognito's global sign-out).</summary>
    Task SignOut(TokenFacts token);
}

/// <summary>The facts of a verified access token the store needs for revocation.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenFacts(string Jti, string? OriginJti, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
