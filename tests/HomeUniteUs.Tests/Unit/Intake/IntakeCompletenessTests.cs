using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;

namespace HomeUniteUs.Tests.Unit.Intake;

public sealed class IntakeCompletenessTests
{
    private static readonly IntakeForm GuestForm = IntakeForms.Find(IntakeFormIds.Guest)!;
    private static readonly IntakeForm HostForm = IntakeForms.Find(IntakeFormIds.Host)!;

    [Fact]
    public void Complete_answers_miss_nothing()
    {
        Assert.Empty(IntakeCompleteness.Missing(GuestForm, CompleteAnswers.Guest()));
        Assert.Empty(IntakeCompleteness.Missing(HostForm, CompleteAnswers.Host()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void With_no_answers_every_required_field_is_missing_and_no_conditional_one(int formId)
    {
        var form = IntakeForms.Find(formId)!;

        var missing = IntakeCompleteness.Missing(form, new Dictionary<string, string>());

        Assert.Equal(form.Fields.Where(field => field.Required).Select(field => field.Id), missing.Select(error => error.Field));
        Assert.All(missing, error => Assert.Equal("Field required", error.Message));
    }

    [Theory]
    [InlineData(1, "has_pets", "yes", "pets", "[{\"type\": \"cat\"}]", "no")]
    [InlineData(1, "employed", "yes", "employment_description", "\"Barista\"", "no")]
    [InlineData(1, "employed", "no", "job_search", "\"Retail, part time\"", "yes")]
    [InlineData(1, "enrolled_in_education", "yes", "education_description", "\"Community college\"", "no")]
    [InlineData(1, "enrolled_in_education", "no", "education_plans", "\"None for now\"", "yes")]
    [InlineData(1, "multilingual", "yes", "languages_spoken", "\"Spanish, English\"", "no")]
    [InlineData(2, "drinking_concerns", "yes", "drinking_concerns_explanation", "\"Not around children\"", "no")]
    public void A_follow_up_is_required_exactly_when_its_question_has_the_triggering_answer(
        int formId, string question, string trigger, string followUp, string followUpAnswer, string otherAnswer)
    {
        var form = IntakeForms.Find(formId)!;
        var answers = formId == IntakeFormIds.Guest ? CompleteAnswers.Guest() : CompleteAnswers.Host();
        answers.Remove(followUp);
        answers[question] = $"\"{trigger}\"";
        var error = Assert.Single(IntakeCompleteness.Missing(form, answers));
        Assert.Equal(followUp, error.Field);
        Assert.Equal($"Field required when {question} is \"{trigger}\"", error.Message);

        answers[followUp] = followUpAnswer;
        Assert.Empty(IntakeCompleteness.Missing(form, answers));

        answers.Remove(followUp);
        answers[question] = $"\"{otherAnswer}\"";
        Assert.DoesNotContain(IntakeCompleteness.Missing(form, answers), missing => missing.Field == followUp);
    }

    [Theory]
    [InlineData("first_name", "\"   \"")]
    [InlineData("introduction", "\"\"")]
    [InlineData("first_name", "null")]
    public void Blank_text_counts_as_missing(string fieldId, string valueJson)
    {
        var answers = CompleteAnswers.Guest();
        answers[fieldId] = valueJson;

        Assert.Equal(fieldId, Assert.Single(IntakeCompleteness.Missing(GuestForm, answers)).Field);
    }

    [Fact]
    public void An_empty_pet_list_does_not_answer_a_yes_to_pets()
    {
        var answers = CompleteAnswers.Guest();
        answers["has_pets"] = "\"yes\"";
        answers["pets"] = "[]";

        Assert.Equal("pets", Assert.Single(IntakeCompleteness.Missing(GuestForm, answers)).Field);
    }

    [Fact]
    public void Choosing_phone_as_contact_method_requires_the_phone_number()
    {
        var answers = CompleteAnswers.Guest();
        answers["preferred_contact_method"] = "\"phone\"";

        var error = Assert.Single(IntakeCompleteness.Missing(GuestForm, answers));
        Assert.Equal("phone", error.Field);
        Assert.Contains("Field required", error.Message, StringComparison.Ordinal);

        answers["phone"] = "\"+1 213 555 0100\"";
        Assert.Empty(IntakeCompleteness.Missing(GuestForm, answers));
    }

    [Fact]
    public void A_missing_linked_field_that_is_also_required_is_listed_once()
    {
        var answers = CompleteAnswers.Guest();
        answers.Remove("email");

        Assert.Equal("email", Assert.Single(IntakeCompleteness.Missing(GuestForm, answers)).Field);
    }
}
