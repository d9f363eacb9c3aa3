using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;

namespace HomeUniteUs.Tests.Unit.Intake;

public sealed class IntakeProfileWorkflowTests
{
    private const long UserId = 42;
    private static readonly IntakeForm GuestForm = IntakeForms.Find(IntakeFormIds.Guest)!;
    private static readonly IntakeForm HostForm = IntakeForms.Find(IntakeFormIds.Host)!;
    private static readonly DateTimeOffset Monday = new(2025, 6, 16, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    [Fact]
    public void A_profile_never_saved_is_NEW_with_no_answers()
    {
        var profile = IntakeProfileWorkflow.View(UserId, new IntakeProfileState(), GuestForm);

        Assert.Equal(UserId, profile.UserId);
        Assert.Equal(IntakeFormIds.Guest, profile.FormId);
        Assert.Equal(IntakeStatus.New, profile.Status);
        Assert.Empty(profile.Responses);
        Assert.Equal(DateTimeOffset.MinValue, profile.UpdatedAt);
        Assert.Null(profile.ReviewNote);
    }

    [Fact]
    public void Saving_moves_a_new_profile_to_IN_PROGRESS_and_stamps_the_time()
    {
        var state = new IntakeProfileState();

        var saved = Save(state, Monday, ("first_name", "\"Ana\""));

        Assert.Equal(IntakeStatus.InProgress, saved.Status);
        Assert.Equal(Monday, saved.UpdatedAt);
        Assert.Equal(UserId, saved.Id);
        Assert.Equal(IntakeFormIds.Guest, saved.FormId);
        Assert.Equal("\"Ana\"", saved.Responses["first_name"]);
        Assert.Equal(IntakeStatus.New, state.Status);
        Assert.Empty(state.Responses);
    }

    [Fact]
    public void Saves_of_different_fields_merge_and_a_null_clears_only_its_field()
    {
        var state = Save(new IntakeProfileState(), Monday, ("first_name", "\"Ana\""), ("phone", "\"555 0100\""));
        state = Save(state, Monday, ("last_name", "\"Lopez\""));
        state = Save(state, Tuesday, ("first_name", "\"Anna\""), ("phone", "null"));

        Assert.Equal(
            new Dictionary<string, string> { ["first_name"] = "\"Anna\"", ["last_name"] = "\"Lopez\"" },
            state.Responses);
        Assert.Equal(Tuesday, state.UpdatedAt);
    }

    [Fact]
    public void An_invalid_save_changes_nothing()
    {
        var state = Save(new IntakeProfileState(), Monday, ("first_name", "\"Ana\""));

        Assert.Throws<HuuException>(() => Save(state, Tuesday, ("last_name", "\"Lopez\""), ("smokes", "\"sometimes\"")));

        Assert.Equal(["first_name"], state.Responses.Keys);
        Assert.Equal(Monday, state.UpdatedAt);
    }

    [Fact]
    public void Answers_are_shown_in_form_order()
    {
        var state = Save(new IntakeProfileState(), Monday, ("introduction", "\"Hi\""), ("email", "\"a@example.org\""), ("first_name", "\"Ana\""));

        var profile = IntakeProfileWorkflow.ToProfile(UserId, state, GuestForm);

        Assert.Equal(["first_name", "email", "introduction"], profile.Responses.Select(response => response.FieldId));
    }

    [Fact]
    public void A_date_that_is_already_today_somewhere_on_Earth_is_not_in_the_future()
    {
        Assert.Equal(new DateOnly(2025, 6, 17), IntakeProfileWorkflow.LatestDate(Monday));
        Save(new IntakeProfileState(), Monday, ("date_of_birth", "\"2025-06-17\""));
        var error = Assert.Throws<HuuException>(() => Save(new IntakeProfileState(), Monday, ("date_of_birth", "\"2025-06-18\"")));
        Assert.Equal(new FieldError("date_of_birth", "Must not be in the future"), Assert.Single(error.Errors!));
    }

    [Fact]
    public void Submitting_an_incomplete_profile_lists_each_missing_answer()
    {
        var state = Save(new IntakeProfileState(), Monday, ("first_name", "\"Ana\""), ("employed", "\"no\""));

        var error = Assert.Throws<HuuException>(() => IntakeProfileWorkflow.Submit(UserId, state, GuestForm, Tuesday));

        Assert.Equal(422, error.Status);
        Assert.Contains(error.Errors!, missing => missing.Field == "last_name" && missing.Message.Contains("Field required", StringComparison.Ordinal));
        Assert.Contains(error.Errors!, missing => missing.Field == "job_search");
        Assert.DoesNotContain(error.Errors!, missing => missing.Field is "first_name" or "employment_description");
        Assert.Equal(IntakeStatus.InProgress, state.Status);
    }

    [Fact]
    public void Submitting_a_complete_profile_makes_it_SUBMITTED()
    {
        var submitted = IntakeProfileWorkflow.Submit(UserId, Complete(), GuestForm, Tuesday);

        Assert.Equal(IntakeStatus.Submitted, submitted.Status);
        Assert.Equal(Tuesday, submitted.UpdatedAt);
    }

    [Fact]
    public void A_submitted_profile_is_read_only_until_reviewed()
    {
        var submitted = IntakeProfileWorkflow.Submit(UserId, Complete(), GuestForm, Tuesday);

        AssertConflict(() => Save(submitted, Tuesday, ("first_name", "\"Anna\"")));
        AssertConflict(() => IntakeProfileWorkflow.Submit(UserId, submitted, GuestForm, Tuesday));
    }

    [Theory]
    [InlineData(IntakeStatus.New)]
    [InlineData(IntakeStatus.InProgress)]
    [InlineData(IntakeStatus.Approved)]
    public void Only_a_submitted_profile_can_be_reviewed(string status)
    {
        var state = Complete();
        state.Status = status;

        AssertConflict(() => IntakeProfileWorkflow.Review(state, IntakeStatus.Approved, null, Tuesday));
    }

    [Fact]
    public void Approval_is_final_and_keeps_the_note()
    {
        var approved = IntakeProfileWorkflow.Review(Submitted(), IntakeStatus.Approved, "Welcome!", Tuesday.AddDays(1));

        Assert.Equal(IntakeStatus.Approved, approved.Status);
        Assert.Equal("Welcome!", approved.ReviewNote);
        Assert.Equal(Tuesday.AddDays(1), approved.UpdatedAt);
        AssertConflict(() => Save(approved, Tuesday, ("first_name", "\"Anna\"")));
        AssertConflict(() => IntakeProfileWorkflow.Submit(UserId, approved, GuestForm, Tuesday));
        AssertConflict(() => IntakeProfileWorkflow.Review(approved, IntakeStatus.Denied, null, Tuesday));
    }

    [Fact]
    public void Denial_reopens_the_profile_with_the_note_for_changes_and_a_new_submit()
    {
        var denied = IntakeProfileWorkflow.Review(Submitted(), IntakeStatus.Denied, "Please tell us more about your goals.", Tuesday.AddDays(1));

        Assert.Equal(IntakeStatus.InProgress, denied.Status);
        Assert.Equal("Please tell us more about your goals.", denied.ReviewNote);
        var edited = Save(denied, Tuesday.AddDays(2), ("program_goals", "\"Save a deposit and finish my course\""));
        var resubmitted = IntakeProfileWorkflow.Submit(UserId, edited, GuestForm, Tuesday.AddDays(3));
        Assert.Equal(IntakeStatus.Submitted, resubmitted.Status);
        Assert.Equal("Please tell us more about your goals.", resubmitted.ReviewNote);
    }

    [Theory]
    [InlineData("approved")]
    [InlineData("SUBMITTED")]
    [InlineData("")]
    public void A_decision_other_than_APPROVED_or_DENIED_is_refused(string decision)
    {
        var error = Assert.Throws<HuuException>(() => IntakeProfileWorkflow.Review(Submitted(), decision, null, Tuesday));

        Assert.Equal(422, error.Status);
        Assert.Equal("decision", Assert.Single(error.Errors!).Field);
    }

    [Fact]
    public void A_review_note_over_the_limit_is_refused()
    {
        var note = new string('n', IntakeProfileWorkflow.MaxReviewNoteLength + 1);

        var error = Assert.Throws<HuuException>(() => IntakeProfileWorkflow.Review(Submitted(), IntakeStatus.Denied, note, Tuesday));

        Assert.Equal("note", Assert.Single(error.Errors!).Field);
    }

    [Fact]
    public void A_profile_stays_bound_to_the_form_of_its_first_save()
    {
        var state = Save(new IntakeProfileState(), Monday, ("first_name", "\"Ana\""));

        AssertConflict(() => IntakeProfileWorkflow.View(UserId, state, HostForm));
        AssertConflict(() => IntakeProfileWorkflow.Save(UserId, state, HostForm, [new IntakeResponse("first_name", "\"Ana\"")], Tuesday));
        AssertConflict(() => IntakeProfileWorkflow.Submit(UserId, state, HostForm, Tuesday));
    }

    private static IntakeProfileState Save(IntakeProfileState state, DateTimeOffset now, params (string FieldId, string ValueJson)[] answers) =>
        IntakeProfileWorkflow.Save(UserId, state, GuestForm, [.. answers.Select(answer => new IntakeResponse(answer.FieldId, answer.ValueJson))], now);

    private static IntakeProfileState Complete() =>
        Save(new IntakeProfileState(), Monday, [.. CompleteAnswers.Guest().Select(answer => (answer.Key, answer.Value))]);

    private static IntakeProfileState Submitted() => IntakeProfileWorkflow.Submit(UserId, Complete(), GuestForm, Tuesday);

    private static void AssertConflict(Action change)
    {
        var error = Assert.Throws<HuuException>(change);
        Assert.Equal(409, error.Status);
        Assert.Equal(ErrorCodes.Conflict, error.Code);
    }
}
