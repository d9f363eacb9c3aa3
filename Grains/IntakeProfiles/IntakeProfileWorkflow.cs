using HomeUniteUs.Grains.Interfaces.Validation;

namespace HomeUniteUs.Grains.IntakeProfiles;

/// <summary>
/// The status workflow of an intake profile, as pure functions of the current state: each change
/// returns a new state and leaves the given one untouched, so a grain can keep its state until the
/// new one is stored. NEW → IN_PROGRESS (save) → SUBMITTED (submit, when complete) → APPROVED (final),
/// or back to IN_PROGRESS with the review note when denied.
/// </summary>
public static class IntakeProfileWorkflow
{
    public const int MaxReviewNoteLength = 2_000;

    /// <summary>
    /// The latest calendar date anywhere on Earth (UTC+14) at <paramref name="now"/>: a date answer
    /// after it is in the future for everyone, one up to it may be today where the user lives.
    /// </summary>
    public static DateOnly LatestDate(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(14)).DateTime);

    public static IntakeProfile View(long userId, IntakeProfileState state, IntakeForm form)
    {
        EnsureSameForm(state, form);
        return ToProfile(userId, state, form);
    }

    /// <summary>Merges valid answers by field id; a null answer removes the stored one.</summary>
    public static IntakeProfileState Save(long userId, IntakeProfileState state, IntakeForm form, IReadOnlyList<IntakeResponse> responses, DateTimeOffset now)
    {
        EnsureSameForm(state, form);
        EnsureOpen(state, "changed");
        var answers = IntakeAnswerValidator.Validate(form, responses, LatestDate(now));
        var next = Copy(state, userId, form.Id, IntakeStatus.InProgress, now);
        foreach (var (fieldId, value) in answers)
        {
            if (value is null)
            {
                next.Responses.Remove(fieldId);
            }
            else
            {
                next.Responses[fieldId] = value;
            }
        }

        return next;
    }

    public static IntakeProfileState Submit(long userId, IntakeProfileState state, IntakeForm form, DateTimeOffset now)
    {
        EnsureSameForm(state, form);
        EnsureOpen(state, "submitted");
        var missing = IntakeCompleteness.Missing(form, state.Responses);
        if (missing.Count > 0)
        {
            throw HuuException.Validation(missing);
        }

        return Copy(state, userId, form.Id, IntakeStatus.Submitted, now);
    }

    /// <summary>APPROVED is final; DENIED reopens the profile as IN_PROGRESS. Either way the note replaces the previous one.</summary>
    public static IntakeProfileState Review(IntakeProfileState state, string decision, string? note, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (decision is not (IntakeStatus.Approved or IntakeStatus.Denied))
        {
            errors.Add(new FieldError("decision", $"Must be {IntakeStatus.Approved} or {IntakeStatus.Denied}"));
        }

        if (note is not null && TextRules.IsLongerThan(note, MaxReviewNoteLength))
        {
            errors.Add(new FieldError("note", $"Must be at most {MaxReviewNoteLength} characters"));
        }

        if (errors.Count > 0)
        {
            throw HuuException.Validation(errors);
        }

        if (state.Status != IntakeStatus.Submitted)
        {
            throw HuuException.Conflict($"Only a submitted intake profile can be reviewed; this one is {state.Status}");
        }

        var next = Copy(state, state.Id, state.FormId, decision == IntakeStatus.Approved ? IntakeStatus.Approved : IntakeStatus.InProgress, now);
        next.ReviewNote = note;
        return next;
    }

    /// <summary>The profile as the API shows it, answers in form order.</summary>
    public static IntakeProfile ToProfile(long userId, IntakeProfileState state, IntakeForm form) => new(
        userId,
        form.Id,
        state.Status,
        [.. state.Responses
            .OrderBy(answer => form.Position(answer.Key) ?? int.MaxValue)
            .ThenBy(answer => answer.Key, StringComparer.Ordinal)
            .Select(answer => new IntakeResponse(answer.Key, answer.Value))],
        state.UpdatedAt,
        state.ReviewNote);

    private static void EnsureSameForm(IntakeProfileState state, IntakeForm form)
    {
        if (state.FormId != 0 && state.FormId != form.Id)
        {
            throw HuuException.Conflict($"This intake profile answers form {state.FormId}, not form {form.Id}");
        }
    }

    private static void EnsureOpen(IntakeProfileState state, string change)
    {
        if (state.Status is not (IntakeStatus.New or IntakeStatus.InProgress))
        {
            throw HuuException.Conflict($"The intake profile is {state.Status} and cannot be {change}");
        }
    }

    private static IntakeProfileState Copy(IntakeProfileState state, long userId, int formId, string status, DateTimeOffset now) => new()
    {
        Id = userId,
        FormId = formId,
        Status = status,
        Responses = new Dictionary<string, string>(state.Responses, StringComparer.Ordinal),
        UpdatedAt = now,
        ReviewNote = state.ReviewNote,
    };
}
