using HomeUniteUs.Grains.ActivityList;

namespace HomeUniteUs.Grains.Notes;

/// <summary>
/// The notes about one person, over <c>huu_notes</c> (migration 0007). Who may read and write is decided here:
/// a coordinator or an admin, and for a coordinator only about a person the person's user grain says they reach
/// (with the caller's current membership). A note and its <c>note_added</c> event commit in one transaction.
/// Reentrant: it holds nothing between awaits (the table decides), so one person's reads and notes wait for
/// PostgreSQL side by side.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class NotesGrain(NpgsqlDataSource dataSource, DatabasePools pools, ActivityStore activity, TimeProvider clock) : Grain, INotesGrain
{
    private const string ListSql =
        "SELECT id, user_id, author_id, author_name, text, created_at FROM huu_notes WHERE user_id = @user ORDER BY id DESC";

    private const string InsertSql =
        """
        INSERT INTO huu_notes (user_id, author_id, author_name, text, created_at)
        VALUES (@user, @author, @name, @text, @at)
        RETURNING id
        """;

    private long PersonId => this.GetPrimaryKeyLong();

    public async Task<IReadOnlyList<Note>> List(Caller caller)
    {
        await Person(caller);
        return await pools.Run<IReadOnlyList<Note>>(
            async () =>
            {
                await using var command = dataSource.CreateCommand(ListSql);
                command.Parameters.AddWithValue("user", PersonId);
                var notes = new List<Note>();
                await using var rows = await command.ExecuteReaderAsync();
                while (await rows.ReadAsync())
                {
                    notes.Add(new Note(rows.GetInt64(0), rows.GetInt64(1), rows.GetInt64(2), rows.GetString(3), rows.GetString(4),
                        rows.GetFieldValue<DateTimeOffset>(5)));
                }

                return notes;
            },
            repeatable: true);
    }

    public async Task<Note> Add(Caller caller, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var person = await Person(caller);
        var author = await GrainFactory.GetGrain<IUserGrain>(caller.UserId).Get()
            ?? throw HuuException.Forbidden("Only coordinators and admins may write notes");
        var at = clock.GetUtcNow();
        var (noteId, eventId) = await pools.Run(
            async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                long id;
                await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
                {
                    insert.Parameters.AddWithValue("user", PersonId);
                    insert.Parameters.AddWithValue("author", author.Id);
                    insert.Parameters.AddWithValue("name", author.FullName);
                    insert.Parameters.AddWithValue("text", text);
                    insert.Parameters.AddWithValue("at", at);
                    id = (long)(await insert.ExecuteScalarAsync())!;
                }

                var added = new NewActivity(ActivityTypes.NoteAdded, at, PersonId, author.Id, person.HousingOrgId,
                    JsonSerializer.Serialize(new { noteId = id }));
                var eventId = await ActivityStore.AppendIn(connection, transaction, added, $"note:{id}");
                await transaction.CommitAsync();
                return (id, eventId);
            },
            repeatable: false);
        if (eventId is { } appended)
        {
            await activity.Committed(appended);
        }

        return new Note(noteId, PersonId, author.Id, author.FullName, text, at);
    }

    /// <summary>The person, when <paramref name="caller"/> may see their notes: 403 for guests and hosts, 404 outside reach.</summary>
    private async Task<UserView> Person(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAdmin && !caller.IsCoordinator)
        {
            throw HuuException.Forbidden("Only coordinators and admins may read or write notes");
        }

        var person = GrainFactory.GetGrain<IUserGrain>(PersonId);
        return await person.Get() is { } found && await person.ReachedBy(caller)
            ? found
            : throw HuuException.NotFound($"User with id {PersonId} does not exist.");
    }
}
