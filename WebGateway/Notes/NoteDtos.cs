namespace HomeUniteUs.WebGateway.Notes;

/// <summary>API.md's Note.</summary>
public sealed record NoteDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("userId")] long UserId,
    [property: JsonPropertyName("authorId")] long AuthorId,
    [property: JsonPropertyName("authorName")] string AuthorName,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("createdAt")] string CreatedAt)
{
    public static NoteDto From(Note note) =>
        new(note.Id, note.UserId, note.AuthorId, note.AuthorName, note.Text, UtcTimestamp.Format(note.CreatedAt));
}

/// <summary>The body of POST /api/users/{id}/notes: 1–4,000 characters once trimmed.</summary>
public sealed record NoteRequest([property: RequiredField, Text(NoteLimits.MaxTextLength)] string? Text);
