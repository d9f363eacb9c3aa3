namespace HomeUniteUs.Grains.Interfaces.Notes;

/// <summary>
/// The notes about one person (key: the person's user id), for coordinators whose reach includes them and
/// admins only: a guest or host calling is 403 (even about themselves), a person outside the caller's reach,
/// unknown or deleted is the 404 of an unknown id. Kept in PostgreSQL (<c>huu_notes</c>); a stateless worker.
/// </summary>
public interface INotesGrain : IGrainWithIntegerKey
{
    /// <summary>Every note about the person, newest first.</summary>
    Task<IReadOnlyList<Note>> List(Caller caller);

    /// <summary>
    /// Appends a note (<paramref name="text"/> already trimmed and checked by the gateway) and its <c>note_added</c>
    /// event in one transaction.
    /// </summary>
    Task<Note> Add(Caller caller, string text);
}

/// <summary>API.md's Note: what <see cref="AuthorId"/> (named as when it was written) wrote about <see cref="UserId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record Note(long Id, long UserId, long AuthorId, string AuthorName, string Text, DateTimeOffset CreatedAt);

/// <summary>The limits of a note.</summary>
public static class NoteLimits
{
    public const int MaxTextLength = 4000;
}
